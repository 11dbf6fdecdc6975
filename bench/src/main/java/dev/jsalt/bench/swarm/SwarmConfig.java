package dev.jsalt.bench.swarm;

import dev.jsalt.common.config.HostPort;
import dev.jsalt.minion.config.MinionConfig;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a swarm is laid out.
 *
 * @param count       simulated minions
 * @param master      the master's minion port
 * @param keyPort     the master's key-announcement port
 * @param idPrefix    ids are {@code idPrefix + zero-padded index}, so globs such as {@code swarm-00*} select subsets
 * @param firstIndex  index of the first minion, so several swarm processes can make one fleet of consecutive ids
 * @param root        keys, pins, job-replay files and each minion's scratch dir live here (kept across restarts)
 * @param ioThreads   ZeroMQ I/O threads shared by every minion
 * @param loops       threads polling the minions' sockets
 * @param workers     threads running jobs (signature checks, functions)
 * @param fingerprint the master's fingerprint to verify, or null to trust on first use
 * @param grains      static grains every minion reports (plus id, swarm_root and swarm_index)
 */
public record SwarmConfig(int count, HostPort master, int keyPort, String idPrefix, int firstIndex, Path root, int ioThreads, int loops,
                          int workers, String fingerprint, Map<String, Object> grains) {

    public SwarmConfig {
        if (count < 1 || count > 100_000) throw new IllegalArgumentException("--count must be 1 to 100000, got " + count);
        if (firstIndex < 0 || firstIndex > 1_000_000) throw new IllegalArgumentException("--first-index must be 0 to 1000000");
        if (ioThreads < 1 || loops < 1 || workers < 1) throw new IllegalArgumentException("thread counts must be at least 1");
        grains = grains == null ? Map.of() : Map.copyOf(grains);
        String probe = id(idPrefix, firstIndex + count - 1, firstIndex + count);
        if (!MinionConfig.VALID_ID.matcher(probe).matches()) {
            throw new IllegalArgumentException("--id-prefix '" + idPrefix + "' makes invalid minion ids such as '" + probe + "'");
        }
    }

    /**
     * The id of this swarm's minion {@code i} (0-based). At least 4 digits, so the first 100 and 1,000 minions of a fleet
     * are the globs {@code P00*} and {@code P0*}.
     */
    public String id(int i) { return id(idPrefix, firstIndex + i, firstIndex + count); }

    static String id(String prefix, int index, int end) {
        int width = Math.max(4, String.valueOf(end - 1).length());
        return prefix + String.format("%0" + width + "d", index);
    }
}
