package dev.jsalt.master.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback whose paths can be frozen: bytes stop flowing both ways while both sockets stay open, as on
 * a path through a NAT that dropped its state or to a droplet that was hard-reset (no FIN, no RST). It can also be slow:
 * each chunk read is held {@code delayMillis} before it is passed on, one after the other, as on a long path.
 */
final class TcpRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final long delayMillis;
    private final List<Path> paths = new CopyOnWriteArrayList<>();
    private volatile boolean freezeNew;

    private static final class Path {
        final Socket a;
        final Socket b;
        volatile boolean frozen;

        Path(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }
    }

    TcpRelay(int target) throws IOException {
        this(target, 0);
    }

    TcpRelay(int target, long delayMillis) throws IOException {
        this.target = target;
        this.delayMillis = delayMillis;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "relay-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() { return server.getLocalPort(); }

    /** Freezes every open path (and, until {@link #unfreezeNew}, every new one). */
    void freezeAll() {
        freezeNew = true;
        for (Path p : paths) p.frozen = true;
    }

    /** New paths flow again; frozen ones stay frozen (and open). */
    void unfreezeNew() { freezeNew = false; }

    private void accept() {
        try {
            while (!server.isClosed()) {
                Socket a = server.accept();
                Socket b = new Socket(InetAddress.getLoopbackAddress(), target);
                Path p = new Path(a, b);
                p.frozen = freezeNew;
                paths.add(p);
                pump(p, a, b);
                pump(p, b, a);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(Path p, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    while (p.frozen) Thread.sleep(50); // frozen: read nothing, write nothing, close nothing
                    int n = in.read(buf);
                    if (n < 0) break;
                    if (delayMillis > 0) Thread.sleep(delayMillis);
                    while (p.frozen) Thread.sleep(50);
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // path gone
            }
            if (!p.frozen) {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Path p : paths) {
            p.a.close();
            p.b.close();
        }
    }
}
