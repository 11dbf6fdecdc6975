package dev.jsalt.master.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for servers that tests start; shared with other modules' tests through the master's test jar. */
public final class FreePorts {
    private FreePorts() {
    }

    /**
     * A port free now, outside the kernel's ephemeral range (32768-60999 on Linux): a port from there can become the
     * local port of an outgoing connection between the moment it is chosen and the moment the server binds it.
     */
    public static int free() throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 31999");
    }
}
