package dev.jsalt.common.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jsalt.common.json.Json;

import java.io.IOException;

/** Encoding of wire messages as JSON frames. Decoding failures are {@link MalformedMessageException}s, never crashes. */
public final class Wire {
    /** Largest frame accepted from a peer (state documents with inlined files can be large). */
    public static final long MAX_MESSAGE = 64L * 1024 * 1024;

    private Wire() {
    }

    public static byte[] encode(MinionMessage m) {
        return write(m, MinionMessage.class);
    }

    public static byte[] encode(MasterMessage m) {
        return write(m, MasterMessage.class);
    }

    public static MinionMessage decodeMinion(byte[] data) {
        return read(data, MinionMessage.class);
    }

    public static MasterMessage decodeMaster(byte[] data) {
        return read(data, MasterMessage.class);
    }

    private static byte[] write(Object m, Class<?> base) {
        try {
            return Json.mapper().writerFor(base).writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + m.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(byte[] data, Class<T> type) {
        try {
            T v = Json.mapper().readValue(data, type);
            if (v == null) throw new MalformedMessageException("empty message");
            return v;
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedMessageException m) throw m;
            throw new MalformedMessageException("malformed " + type.getSimpleName() + ": " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A frame that does not decode to a known message. */
    public static final class MalformedMessageException extends RuntimeException {
        public MalformedMessageException(String message) {
            super(message);
        }
    }
}
