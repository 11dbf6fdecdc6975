package dev.jsalt.bench;

import java.util.List;

/**
 * How big (swarm size, N per scenario), how often (repeats; RSS readings 300 ms apart), and how long a fresh minion
 * settles before its idle memory is read (10 s after its hello: past the first periodic native-heap trims, which
 * hand start-up's freed native memory back; an idle minion reaches that level within seconds and stays there).
 * {@link #FULL} is what docs/performance.md reports; {@link #QUICK} skips 5,000 minions and repeats the slow scenarios
 * less; {@link #TINY} is the smoke test's (20 minions, one or two runs, seconds). The soak (issue 16) pings the whole
 * swarm {@code soak.pings} times undisturbed, then as many times under attack ({@link Soak}).
 */
public record Profile(String name, int swarm, List<Integer> fanoutNs, int repeats, List<Integer> applyNs, int applyRepeats,
                      int w1Repeats, int memoryApplies, int reconnectRepeats, int bigSwarm, int rssSamples,
                      long settleMillis, Soak soak) {
    /** The soak's size: pings per phase, rogue connections, fresh keys registering, clients running runaway compiles. */
    public record Soak(int pings, int rogues, int freshKeys, int compilers) {
    }

    public static final Profile FULL = new Profile("full", 1000, List.of(100, 1000), 7, List.of(100, 1000), 5, 10, 100, 5, 5000, 5, 10000,
            new Soak(60, 200, 1000, 4));
    public static final Profile QUICK = new Profile("quick", 1000, List.of(100, 1000), 5, List.of(100), 5, 5, 100, 1, 0, 5, 10000,
            new Soak(40, 200, 1000, 4));
    public static final Profile TINY = new Profile("tiny", 20, List.of(20), 2, List.of(20), 1, 1, 3, 1, 0, 1, 300,
            new Soak(3, 6, 10, 3));
}
