package dev.jsalt.master.api;

import java.util.Map;
import java.util.function.Consumer;

/**
 * What the HTTP layer calls. Plain methods returning JSON-able values keep Netty details out of the master's logic;
 * streaming calls receive a sink that writes one JSON line per event.
 */
public interface Routes {

    /** One request: method, path without query, query parameters, parsed JSON body (may be empty). */
    record Call(String method, String path, Map<String, String> query, Map<String, Object> body) {
    }

    /** An answer sent as it is (not as JSON), e.g. the Prometheus text format of {@code GET /metrics}. */
    record Text(String contentType, byte[] body) {
    }

    /** A sink for streamed responses: each value becomes one line of JSON; {@code close} ends the response. */
    interface Stream extends Consumer<Object>, AutoCloseable {
        @Override
        void close();

        /** Runs {@code r} when the client goes away (so subscriptions end with their connection). */
        void onClose(Runnable r);
    }

    /** True if this call compiles states (it then runs on the compile lane, cancellable: see CompileControl). */
    default boolean compiles(Call call) { return false; }

    /** True if this call streams (the server then calls {@link #stream}). */
    boolean streams(Call call);

    Object handle(Call call);

    void stream(Call call, Stream out);
}
