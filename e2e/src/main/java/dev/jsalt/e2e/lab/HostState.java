package dev.jsalt.e2e.lab;

import java.util.Map;

/**
 * A built host as recorded in the lab's state file.
 *
 * @param spec        what was declared
 * @param address     its address on the lab subnet
 * @param netns       its network namespace ({@code jlab-LAB-HOST})
 * @param initPid     host pid of its init (PID 1 of its pid namespace: the lab's tiny init, or systemd); 0 while being built
 * @param initTicks   start time of that pid, so a reused pid is never mistaken for it
 * @param boot        how it runs (null in state files written before booted hosts existed: light)
 * @param nspawnPid   host pid of the {@code systemd-nspawn} that booted it (0 for a light host)
 * @param nspawnTicks start time of that pid
 */
public record HostState(HostSpec spec, String address, String netns, long initPid, long initTicks, Boot boot,
                        long nspawnPid, long nspawnTicks) {
    public HostState {
        boot = boot == null ? Boot.LIGHT : boot;
    }

    public HostState(HostSpec spec, String address, String netns, long initPid, long initTicks) {
        this(spec, address, netns, initPid, initTicks, Boot.LIGHT, 0, 0);
    }

    public String name() { return spec.name(); }

    public Map<String, Object> grains() { return spec.grains(); }

    public boolean booted() { return boot == Boot.SYSTEMD; }

    public HostState withInit(long pid, long ticks) { return new HostState(spec, address, netns, pid, ticks, boot, nspawnPid, nspawnTicks); }

    public HostState withNspawn(long pid, long ticks) { return new HostState(spec, address, netns, initPid, initTicks, boot, pid, ticks); }

    public boolean initAlive() { return initPid > 0 && Procs.alive(initPid, initTicks); }

    public boolean nspawnAlive() { return nspawnPid > 0 && Procs.alive(nspawnPid, nspawnTicks); }
}
