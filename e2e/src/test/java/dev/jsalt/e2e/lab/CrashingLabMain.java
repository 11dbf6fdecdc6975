package dev.jsalt.e2e.lab;

/** Child JVM for {@link SweepTest}: builds a lab, says UP, then waits to be killed with SIGKILL (no shutdown hooks run). */
public final class CrashingLabMain {
    private CrashingLabMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Lab.up(LabSpec.builder(args[0]).host("x", 30).host("y", 31).build());
        System.out.println("UP");
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
