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

    public JobCache(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public void save(JobRecord job) {
        try {
            Path d = Files.createDirectories(jobDir(job.jid()));
            Files.write(d.resolve("job.json"), Json.bytes(job));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write job " + job.jid(), e);
        }
    }

    public void append(String jid, MinionResult result) {
        try {
            byte[] line = (Json.string(result) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(jobDir(jid).resolve("results.jsonl"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.error("cannot record result of {} for job {}", result.minion(), jid, e);
        }
    }

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
        Path f = jobDir(job.jid()).resolve("results.jsonl");
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
