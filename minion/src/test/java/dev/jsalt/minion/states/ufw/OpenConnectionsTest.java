package dev.jsalt.minion.states.ufw;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The kernel's connection tables as a little-endian machine (x86_64, arm64) prints them. */
class OpenConnectionsTest {
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    private static final String TAIL = " 00000000:00000000 00:00000000 00000000     0        0 1497 1 0000000000000000 100 0 0 10 0\n";

    @Test
    void readsEstablishedConnectionsOrientedFromTheSideThatConnected(@TempDir Path root) throws Exception {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "fixtures are little-endian");
        Path net = Files.createDirectories(root.resolve("proc/net"));
        Files.writeString(net.resolve("tcp"), HEADER
                // listening on 0.0.0.0:80 and 127.0.0.1:3306
                + "   0: 00000000:0050 00000000:0000 0A" + TAIL
                + "   1: 0100007F:0CEA 00000000:0000 0A" + TAIL
                // 10.77.0.10:80 <- 10.77.0.5:40000: a client came in
                + "   2: 0A004D0A:0050 05004D0A:9C40 01" + TAIL
                // 10.77.0.10:51000 -> 10.77.0.11:3306: we went out, waiting for the answer
                + "   3: 0A004D0A:C738 0B004D0A:0CEA 01" + TAIL
                // the peer closed, we still send
                + "   4: 0A004D0A:C739 0B004D0A:0CEA 08" + TAIL
                // loopback: ufw accepts lo anyway
                + "   5: 0100007F:C73A 0100007F:0CEA 01" + TAIL
                // TIME_WAIT: nothing more to deliver
                + "   6: 0A004D0A:C73B 0B004D0A:0CEA 06" + TAIL);
        Files.writeString(net.resolve("tcp6"), HEADER
                // fd00::10 port 4506 -> fd00::2 port 4506 (the master), and a v4 peer on a dual-stack socket
                + "   0: 00DF00FD000000000000000010000000:D000 00DF00FD000000000000000002000000:119A 01" + TAIL
                + "   1: 0000000000000000FFFF00000A004D0A:0050 0000000000000000FFFF000007004D0A:A000 01" + TAIL);

        List<OpenConnections.Connection> open = OpenConnections.read(net);

        assertEquals(List.of(
                conn("10.77.0.5", 40000, "10.77.0.10", 80, "ESTABLISHED"),
                conn("10.77.0.10", 51000, "10.77.0.11", 3306, "ESTABLISHED"),
                conn("10.77.0.10", 51001, "10.77.0.11", 3306, "CLOSE_WAIT"),
                conn("fd00:df00::10", 53248, "fd00:df00::2", 4506, "ESTABLISHED"),
                conn("10.77.0.7", 40960, "10.77.0.10", 80, "ESTABLISHED")), open);
    }

    @Test
    void aRootWithoutProcHasNoConnections(@TempDir Path root) throws Exception {
        assertEquals(List.of(), OpenConnections.read(root.resolve("proc/net")));
    }

    private static OpenConnections.Connection conn(String from, int fromPort, String to, int toPort, String state)
            throws Exception {
        return new OpenConnections.Connection(InetAddress.getByName(from), fromPort, InetAddress.getByName(to), toPort, state);
    }
}
