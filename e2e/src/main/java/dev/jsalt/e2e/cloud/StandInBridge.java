package dev.jsalt.e2e.cloud;

import dev.jsalt.e2e.lab.Daemon;
import dev.jsalt.e2e.lab.LabException;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.Pause;
import dev.jsalt.e2e.lab.TcpProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the DigitalOcean stand-in, which listens on this machine's loopback, reachable inside a light lab host at the
 * same address ({@code http://127.0.0.1:PORT}), so {@code jsalt cloud} runs on the lab's master host as an operator
 * runs it on a master. The lab's switch has no link to this machine on purpose; a unix socket in the lab's state dir
 * is on the file system light hosts share: this JVM forwards that socket to the stand-in, socat in the host forwards
 * its loopback port to the socket. The port is the same on both sides because the stand-in's answers carry absolute
 * links (pagination) that the client follows.
 */
public final class StandInBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandInBridge.class);
    private static final Duration UP_TIMEOUT = Duration.ofSeconds(15);

    private final ServerSocketChannel server;
    private final Path socket;
    private final LabHost host;
    private final Daemon socat;

    private StandInBridge(ServerSocketChannel server, Path socket, LabHost host, Daemon socat) {
        this.server = server;
        this.socket = socket;
        this.host = host;
        this.socat = socat;
    }

    /** Opens the bridge from {@code host}'s 127.0.0.1:PORT to the stand-in at {@code standIn} through {@code socket}. */
    public static StandInBridge open(LabHost host, URI standIn, Path socket) throws IOException {
        if (host.booted()) throw new IllegalArgumentException("host " + host.name() + " is booted: it does not share this machine's file system");
        int port = standIn.getPort();
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(() -> accept(server, new InetSocketAddress(standIn.getHost(), port)), "standin-bridge");
        acceptor.setDaemon(true);
        acceptor.start();
        Daemon socat;
        try {
            socat = host.spawnDaemon("standin-bridge", List.of("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr",
                    "UNIX-CONNECT:" + socket));
            long deadline = System.nanoTime() + UP_TIMEOUT.toNanos();
            while (host.probeTcp("127.0.0.1", port, Duration.ofSeconds(1)) != TcpProbe.OPEN) {
                if (System.nanoTime() > deadline) throw new LabException("host " + host.name() + ": the stand-in bridge is not listening on " + port);
                Pause.briefly();
            }
        } catch (RuntimeException e) {
            server.close();
            Files.deleteIfExists(socket);
            throw e;
        }
        return new StandInBridge(server, socket, host, socat);
    }

    private static void accept(ServerSocketChannel server, InetSocketAddress standIn) {
        while (server.isOpen()) {
            try {
                SocketChannel in = server.accept();
                SocketChannel out = SocketChannel.open(standIn);
                AtomicInteger open = new AtomicInteger(2);
                Runnable finished = () -> {
                    if (open.decrementAndGet() == 0) {
                        closeQuietly(in);
                        closeQuietly(out);
                    }
                };
                pump(in, out, finished);
                pump(out, in, finished);
            } catch (IOException e) {
                if (server.isOpen()) LOG.debug("stand-in bridge: {}", e.toString());
            }
        }
    }

    /**
     * Copies {@code from} to {@code to} until {@code from} ends, then half-closes {@code to}: the answer still flows the
     * other way until that side ends too ({@code finished} closes both once both directions are done).
     */
    private static void pump(SocketChannel from, SocketChannel to, Runnable finished) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) to.write(buf);
                    buf.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
            finished.run();
        }, "standin-bridge-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        if (host.up()) host.signal(socat, "TERM");
    }
}
