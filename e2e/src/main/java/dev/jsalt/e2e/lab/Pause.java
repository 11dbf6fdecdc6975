package dev.jsalt.e2e.lab;

/** The one polling interval of the lab library: kernel objects (namespaces, pids, files) have no change events here. */
public final class Pause {
    private Pause() {
    }

    public static void briefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting", e);
        }
    }
}
