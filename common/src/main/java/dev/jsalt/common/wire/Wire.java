package dev.jsalt.common.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.jsalt.common.json.Json;

import java.io.IOException;

/** Encoding of wire messages as JSON frames. Decoding failures are {@link MalformedMessageException}s, never crashes. */
public final class Wire {
    /** Largest frame a minion accepts from its master (state documents with inlined files can be large). */
    public static final long MAX_MESSAGE = 64L * 1024 * 1024;
    /**
     * ZeroMQ's handshake interval on both ends of the minion channel (the master's ROUTER, the minion's DEALER): a
     * connection that has not got through its handshake by then is dropped and the minion connects again. Also the
     * longest handshake a hello may report ({@link MinionMessage.Hello#handshakeMillis}).
     */
    public static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** Largest result a minion sends by default; a larger one is cut to this and marked (see {@link #truncateResult}). */
    public static final int DEFAULT_MAX_RESULT = 4 << 20;
    private static final java.util.regex.Pattern ROUTING = java.util.regex.Pattern.compile("(.+)#[0-9a-f]{32}");
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * A fresh routing id for one minion connection: {@code ID#<128 random bits>}. It travels only inside the CURVE
     * handshake (encrypted), so no other peer can claim it; the master binds it to the key that said hello on it.
     */
    public static String newRoutingId(String minionId) {
        byte[] r = new byte[16];
        RANDOM.nextBytes(r);
        return minionId + "#" + java.util.HexFormat.of().formatHex(r);
    }

    /** The minion id part of a routing id made by {@link #newRoutingId}, or null if it is not of that form. */
    public static String idOfRouting(String routingId) {
        if (routingId == null) return null;
        java.util.regex.Matcher m = ROUTING.matcher(routingId);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * A return whose encoded result is over {@code maxResult} bytes keeps its status and loses its result: in its place a
     * marker {@code {"truncated": true, "bytes": N, "limit": L, "head": "..."}} tells the reader what was cut.
     */
    public static MinionMessage.JobReturn truncateResult(MinionMessage.JobReturn r, int maxResult) {
        byte[] encoded;
        try {
            encoded = Json.mapper().writeValueAsBytes(r.result());
        } catch (JsonProcessingException e) {
            return r;
        }
        if (encoded.length <= maxResult) return r;
        int head = Math.min(encoded.length, Math.max(0, Math.min(maxResult / 2, 64 * 1024)));
        String headText = new String(encoded, 0, head, java.nio.charset.StandardCharsets.UTF_8);
        java.util.Map<String, Object> marker = new java.util.LinkedHashMap<>();
        marker.put("truncated", true);
        marker.put("bytes", encoded.length);
        marker.put("limit", maxResult);
        marker.put("head", headText);
        return new MinionMessage.JobReturn(r.jid(), r.success(), r.retcode(), marker, r.durationMillis());
    }

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

    /**
     * A message from a key that is not accepted, read only as far as the master needs it: such a key may only say
     * hello, and the master keeps no grains of a key that is not accepted. So a hello is read without its grains (they
     * are skipped, not parsed into maps), and anything else answers null (dropped by the caller). A wave of a thousand
     * fresh keys' hellos then costs the channel thread a few fields each, not a thousand grain sets. Malformed input
     * throws {@link MalformedMessageException} as {@link #decodeMinion} does; a hello whose key turns out to be accepted
     * (its enrolment token, auto-accept) is read again in full for its grains.
     */
    public static MinionMessage.Hello decodeStrangersHello(byte[] data) {
        try (JsonParser p = Json.mapper().getFactory().createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedMessageException("malformed MinionMessage: not a JSON object");
            }
            String type = null;
            String id = null;
            String version = null;
            String enrolment = null;
            Double handshakeMillis = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "type" -> type = scalar(p, t, field);
                    case "id" -> id = scalar(p, t, field);
                    case "version" -> version = scalar(p, t, field);
                    case "enrolment" -> enrolment = scalar(p, t, field);
                    case "handshakeMillis" -> {
                        if (t.isNumeric()) {
                            handshakeMillis = p.getDoubleValue();
                        } else if (t != JsonToken.VALUE_NULL) {
                            throw new MalformedMessageException("malformed MinionMessage: 'handshakeMillis' is not a number");
                        }
                    }
                    default -> p.skipChildren(); // the grains, and what this master does not know
                }
            }
            if (type == null) throw new MalformedMessageException("malformed MinionMessage: no 'type'");
            return "hello".equals(type) ? new MinionMessage.Hello(id, java.util.Map.of(), version, enrolment, handshakeMillis) : null;
        } catch (IOException e) {
            throw new MalformedMessageException("malformed MinionMessage: " + firstLine(e.getMessage()));
        }
    }

    private static String scalar(JsonParser p, JsonToken t, String field)
            throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        if (!t.isScalarValue()) throw new MalformedMessageException("malformed MinionMessage: '" + field + "' is not a string");
        return p.getValueAsString();
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
