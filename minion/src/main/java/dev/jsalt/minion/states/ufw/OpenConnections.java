package dev.jsalt.minion.states.ufw;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The host's open TCP connections, read from {@code /proc/net/tcp} and {@code tcp6} of the minion's network
 * namespace: what must keep working when ufw is first enabled ({@link ConntrackSeed}). Loopback connections are left
 * out (ufw always accepts {@code lo}); an IPv4 peer of a dual-stack socket is reported as IPv4, as conntrack tracks it.
 */
final class OpenConnections {
    /** /proc/net/tcp state codes (include/net/tcp_states.h). */
    private static final String ESTABLISHED = "01";
    private static final String CLOSE_WAIT = "08";
    private static final String LISTEN = "0A";

    /**
     * One connection, oriented as its first packet went: from the side that connected to the side that listened.
     * {@code state} is conntrack's name for it.
     */
    record Connection(InetAddress from, int fromPort, InetAddress to, int toPort, String state) {
    }

    private record Row(InetAddress local, int localPort, InetAddress remote, int remotePort, String state) {
    }

    private OpenConnections() {
    }

    /** Established (and half-closed) connections, from the {@code tcp} and {@code tcp6} tables under {@code procNet}. */
    static List<Connection> read(Path procNet) throws IOException {
        List<Row> rows = new ArrayList<>();
        rows.addAll(table(procNet.resolve("tcp")));
        rows.addAll(table(procNet.resolve("tcp6")));
        Set<Integer> listening = new HashSet<>();
        for (Row r : rows) if (r.state().equals(LISTEN)) listening.add(r.localPort());
        List<Connection> out = new ArrayList<>();
        for (Row r : rows) {
            String state = switch (r.state()) {
                case ESTABLISHED -> "ESTABLISHED";
                case CLOSE_WAIT -> "CLOSE_WAIT";
                default -> null;
            };
            if (state == null || r.local().isLoopbackAddress() || r.remote().isLoopbackAddress()) continue;
            // a connection to one of our listening ports came in: the peer sent the first packet
            out.add(listening.contains(r.localPort())
                    ? new Connection(r.remote(), r.remotePort(), r.local(), r.localPort(), state)
                    : new Connection(r.local(), r.localPort(), r.remote(), r.remotePort(), state));
        }
        return out;
    }

    private static List<Row> table(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of(); // no IPv6 on this host, or no /proc (a test root)
        }
        List<Row> out = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4) continue;
            String[] local = f[1].split(":");
            String[] remote = f[2].split(":");
            out.add(new Row(address(local[0]), Integer.parseInt(local[1], 16), address(remote[0]),
                    Integer.parseInt(remote[1], 16), f[3].toUpperCase(java.util.Locale.ROOT)));
        }
        return out;
    }

    /**
     * The kernel prints each 32-bit word of the address as a number in host byte order; on a little-endian machine
     * that reverses the bytes within each word. An IPv4-mapped IPv6 address comes back as IPv4 from the JDK.
     */
    static InetAddress address(String hex) {
        byte[] b = new byte[hex.length() / 2];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 4 + (little ? 3 - i : i);
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at * 2, at * 2 + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address in /proc/net/tcp: " + hex, e);
        }
    }
}
