package dev.jsalt.master.api;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The compile lane's threads run 10 nice levels below the rest of the master; the other API threads do not. */
class LowPriorityTest {

    private static int niceInPool(boolean low) throws Exception {
        ThreadPoolExecutor pool = ApiServer.pool(low ? "test-compile" : "test-api", 1, 1, low);
        try {
            CompletableFuture<Integer> nice = new CompletableFuture<>();
            pool.execute(() -> {
                try {
                    nice.complete(LowPriority.niceOfCurrentThread());
                } catch (Exception e) {
                    nice.completeExceptionally(e);
                }
            });
            return nice.get(20, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void compileWorkersAreNicedAndTheOthersAreNot() throws Exception {
        int own = LowPriority.niceOfCurrentThread();
        assertEquals(Math.min(19, own + LowPriority.NICE), niceInPool(true), "compile worker");
        assertEquals(own, niceInPool(false), "API worker");
    }
}
