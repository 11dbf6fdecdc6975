package dev.jsalt.master.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jsalt.common.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded job cache: {@code jobs/<jid>/job.json} plus an append-only {@code results.jsonl}, so a result costs
 * one append and survives a crash. The last line per minion wins on read.
 */
public final class JobCache {
    private static final Logger log = LoggerFactory.getLogger(JobCache.class);
    private final Path dir;
    private final long minFree;

    /** A new job is refused: the disk under the job cache is (nearly) full. Results of accepted jobs are still kept. */
    public static final class NoSpaceException extends RuntimeException {
        public NoSpaceException(String message) {
            super(message);
        }
    }

    public JobCache(Path dir) throws IOException {
        this(dir, 0);
    }

    /** @param minFree bytes that must stay free for new jobs to be accepted: the room kept for results of accepted jobs */
    public JobCache(Path dir, long minFree) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.minFree = minFree;
    }

    /** Free bytes on the job cache's file system (Long.MAX_VALUE if it cannot be read). */
    public long freeBytes() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Records a new job, or refuses it: with less than {@code limits.min_free_disk_mb} free (the room kept for the
     * results of jobs already accepted) or when the record cannot be written, nothing is left behind and the caller
     * gets a {@link NoSpaceException} to tell the client.
     */
    public void save(JobRecord job) {
        long free = freeBytes();
        if (free < minFree) {
            throw new NoSpaceException("the master refuses new jobs: " + (free >> 20) + " MB free under " + dir
                    + ", below limits.min_free_disk_mb (" + (minFree >> 20) + "); results of running jobs are still kept");
        }
        Path d = jobDir(job.jid());
        try {
            Files.createDirectories(d);
            dev.jsalt.common.crypto.SafeFiles.writeAtomically(d.resolve("job.json"), Json.bytes(job));
        } catch (IOException e) {
            deleteTree(d);
            throw new NoSpaceException("the master cannot record job " + job.jid() + ": " + e.getMessage());
        }
    }

    /**
     * Appends one result line and forces it to disk before returning: a result is recorded before anyone hears of it.
     * A line is whole or absent: a write that fails half-way is cut back off. Returns false if it was not recorded.
     */
    public boolean append(String jid, MinionResult result) {
        boolean[] durable = {false};
        try (ResultWrites batch = new ResultWrites()) {
            if (!write(jid, result, batch)) return false;
            batch.then(resultsFile(jid), d -> durable[0] = d);
        }
        return durable[0];
    }

    /**
     * Writes one result line as part of {@code batch}, which forces it to disk when it closes (one force per file for
     * the whole batch). A line is whole or absent: a write that fails half-way is cut back off. Returns false if the
     * line could not be written.
     */
    public boolean write(String jid, MinionResult result, ResultWrites batch) {
        byte[] line = (Json.string(result) + "\n").getBytes(StandardCharsets.UTF_8);
        Path f = resultsFile(jid);
        synchronized (this) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                long end = ch.size();
                batch.writing(f, end);
                try {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(line);
                    long pos = end;
                    while (b.hasRemaining()) pos += ch.write(b, pos);
                    return true;
                } catch (IOException e) {
                    try {
                        ch.truncate(end);
                    } catch (IOException ignored) {
                        // the reader skips a torn last line anyway
                    }
                    throw e;
                }
            } catch (IOException e) {
                log.error("cannot record the result of {} for job {}: {}", result.minion(), jid, e.getMessage());
                return false;
            }
        }
    }

    /** The file that holds {@code jid}'s results, one JSON line each. */
    Path resultsFile(String jid) { return jobDir(jid).resolve("results.jsonl"); }

    public Optional<JobRecord> job(String jid) {
        if (!JobIds.VALID.matcher(jid).matches()) return Optional.empty();
        Path f = jobDir(jid).resolve("job.json");
        if (!Files.exists(f)) return Optional.empty();
        try {
            return Optional.of(Json.read(Files.readAllBytes(f), JobRecord.class));
        } catch (IOException | UncheckedIOException e) {
            log.warn("unreadable job {}: {}", jid, e.getMessage());
            return Optional.empty();
        }
    }

    /** Results per minion in the job's minion order; minions without a recorded line are WAITING. */
    public Map<String, MinionResult> results(JobRecord job) {
        Map<String, MinionResult> out = new LinkedHashMap<>();
        for (String m : job.minions()) out.put(m, MinionResult.waiting(m));
        Path f = resultsFile(job.jid());
        if (Files.exists(f)) {
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) continue;
                    try {
                        MinionResult r = Json.read(line, MinionResult.class);
                        out.put(r.minion(), r);
                    } catch (UncheckedIOException e) {
                        // a torn last line after a crash: skip it
                    }
                }
            } catch (IOException e) {
                log.warn("unreadable results of job {}: {}", job.jid(), e.getMessage());
            }
        }
        return out;
    }

    /** Newest first. */
    public List<JobRecord> list(int limit) {
        List<String> jids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (JobIds.VALID.matcher(n).matches()) jids.add(n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jids.sort(Comparator.reverseOrder());
        List<JobRecord> out = new ArrayList<>();
        for (String jid : jids) {
            if (out.size() >= limit) break;
            job(jid).ifPresent(out::add);
        }
        return out;
    }

    /** Deletes jobs older than {@code keep}. */
    public int purge(Duration keep) {
        Instant cutoff = Instant.now().minus(keep);
        int n = 0;
        for (JobRecord j : list(Integer.MAX_VALUE)) {
            if (Instant.ofEpochMilli(j.startedAt()).isBefore(cutoff)) {
                deleteTree(jobDir(j.jid()));
                n++;
            }
        }
        return n;
    }

    private void deleteTree(Path d) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            for (Path p : ds) Files.deleteIfExists(p);
            Files.deleteIfExists(d);
        } catch (IOException e) {
            log.warn("cannot purge {}: {}", d, e.getMessage());
        }
    }

    private Path jobDir(String jid) {
        if (!JobIds.VALID.matcher(jid).matches()) throw new IllegalArgumentException("bad jid " + jid);
        return dir.resolve(jid);
    }

    static final TypeReference<List<MinionResult>> RESULTS = new TypeReference<>() {
    };
}
