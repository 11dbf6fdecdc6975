package dev.jsalt.e2e.lab;

import java.util.Map;

/**
 * A built host as recorded in the lab's state file.
 *
 * @param spec       what was declared
 * @param address    its address on the lab subnet
 * @param netns      its network namespace ({@code jlab-LAB-HOST})
 * @param initPid    host pid of its init (PID 1 of its pid namespace); 0 while being built
 * @param initTicks  start time of that pid, so a reused pid is never mistaken for it
 */
public record HostState(HostSpec spec, String address, String netns, long initPid, long initTicks) {
    public String name() { return spec.name(); }

    public Map<String, Object> grains() { return spec.grains(); }

    public HostState withInit(long pid, long ticks) { return new HostState(spec, address, netns, pid, ticks); }

    public boolean initAlive() { return initPid > 0 && Procs.alive(initPid, initTicks); }
}
