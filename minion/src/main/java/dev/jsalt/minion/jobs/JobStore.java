package dev.jsalt.minion.jobs;

import dev.jsalt.common.crypto.SecureFiles;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.MinionMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What outlives a minion process, under {@code root_dir/jobs/}:
 * <ul>
 *   <li>{@code returns/JID.json}: a job's return until the master acknowledged it (store-and-forward: a return made
 *       while the master is unreachable, or by the process that took over a job across a restart, is sent on the next
 *       connection; the master ignores one it already has). Kept at most {@link #MAX_AGE}.</li>
 *   <li>{@code handover/JID.json}: a job a stopping minion could not finish ({@link Handover}); the next process
 *       continues it and removes the file.</li>
 * </ul>
 * Files are written atomically (temp file + rename) and privately (0600).
 */
public final class JobStore {
    private static final Logger log = LoggerFactory.getLogger(JobStore.class);
    private static final Pattern JID = Pattern.compile("\\d{20}");
    static final Duration MAX_AGE = Duration.ofDays(7);

    private final Path returns;
    private final Path handovers;

    public JobStore(Path rootDir) {
        this.returns = rootDir.resolve("jobs").resolve("returns");
        this.handovers = rootDir.resolve("jobs").resolve("handover");
    }

    public void storeReturn(MinionMessage.JobReturn ret) {
        if (!valid(ret.jid())) return;
        write(returns, ret.jid(), Json.bytes(ret));
    }

    public void forgetReturn(String jid) {
        if (valid(jid)) delete(returns.resolve(jid + ".json"));
    }

    /** Returns not yet acknowledged, oldest first; older than {@link #MAX_AGE} are dropped. */
    public List<MinionMessage.JobReturn> pendingReturns() {
        List<MinionMessage.JobReturn> out = new ArrayList<>();
        for (Path p : files(returns)) {
            try {
                if (Files.getLastModifiedTime(p).toMillis() < System.currentTimeMillis() - MAX_AGE.toMillis()) {
                    log.warn("dropping a return the master never acknowledged in {} days: {}", MAX_AGE.toDays(), p.getFileName());
                    delete(p);
                    continue;
                }
                out.add(Json.read(Files.readAllBytes(p), MinionMessage.JobReturn.class));
            } catch (IOException | RuntimeException e) {
                log.warn("unreadable stored return {}: {}", p, e.getMessage());
                delete(p);
            }
        }
        return out;
    }

    public void storeHandover(Handover h) {
        if (valid(h.job().jid())) write(handovers, h.job().jid(), Json.bytes(h));
    }

    public List<Handover> handovers() {
        List<Handover> out = new ArrayList<>();
        for (Path p : files(handovers)) {
            try {
                out.add(Json.read(Files.readAllBytes(p), Handover.class));
            } catch (IOException | RuntimeException e) {
                log.warn("unreadable handed-over job {}: {}", p, e.getMessage());
                delete(p);
            }
        }
        return out;
    }

    public void forgetHandover(String jid) {
        if (valid(jid)) delete(handovers.resolve(jid + ".json"));
    }

    private static boolean valid(String jid) { return jid != null && JID.matcher(jid).matches(); }

    private static void write(Path dir, String jid, byte[] data) {
        try {
            SecureFiles.privateDir(dir.getParent());
            SecureFiles.privateDir(dir);
            SecureFiles.writePrivate(dir.resolve(jid + ".json"), data);
        } catch (IOException e) {
            log.error("cannot store job {} in {}: {}", jid, dir, e.getMessage());
        }
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            log.warn("cannot list {}: {}", dir, e.getMessage());
            return List.of();
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", p, e.getMessage());
        }
    }
}
