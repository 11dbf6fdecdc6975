package dev.jsalt.minion.state;

import java.time.Duration;

/** Test helper run as a separate JVM: holds the state lock of {@code args[0]} as jid {@code args[1]} until stdin closes. */
public final class LockHolder {
    public static void main(String[] args) throws Exception {
        try (StateRunLock.Lease lease = new StateRunLock(java.nio.file.Path.of(args[0])).acquire(args[1], Duration.ofSeconds(10))) {
            System.out.println("locked " + (lease != null));
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin
            }
        }
    }
}
