package dev.jsalt.minion.states.sys;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** One file served over http on 127.0.0.1 (an ephemeral port), for states that download; closing stops it. */
public final class LoopbackHttp implements AutoCloseable {
    /** The body of each GET, read when it comes (so a test may change what is served). */
    @FunctionalInterface
    public interface Body {
        byte[] get() throws IOException;
    }

    private final HttpServer server;
    private final String path;
    private final AtomicInteger gets = new AtomicInteger();

    private LoopbackHttp(String path, Body body) throws IOException {
        this.path = path;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, ex -> {
            gets.incrementAndGet();
            try (ex) {
                byte[] b = body.get();
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            } catch (IOException | UncheckedIOException e) {
                ex.sendResponseHeaders(500, -1);
            }
        });
        server.start();
    }

    public static LoopbackHttp serve(String path, Body body) throws IOException { return new LoopbackHttp(path, body); }

    public String url() { return "http://127.0.0.1:" + server.getAddress().getPort() + path; }

    /** How many GETs it answered. */
    public int gets() { return gets.get(); }

    @Override
    public void close() { server.stop(0); }
}
