package dev.jsalt.e2e.lab;

/**
 * Child JVM for {@link SweepTest} and {@link BootedTeardownTest}: builds a lab (with a second argument {@code systemd},
 * of booted hosts), says UP, then waits to be killed with SIGKILL (no shutdown hooks run).
 */
public final class CrashingLabMain {
    private CrashingLabMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Boot boot = args.length > 1 ? Boot.parse(args[1], "boot") : Boot.LIGHT;
        Lab.up(LabSpec.builder(args[0]).boot(boot).host("x", 30).host("y", 31).build());
        System.out.println("UP");
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
