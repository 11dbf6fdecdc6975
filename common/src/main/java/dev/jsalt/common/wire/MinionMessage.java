package dev.jsalt.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.Map;

/**
 * Everything a minion may send the master. The master handles exactly these kinds (an allow-list by type,
 * never dispatch by name) and only after the sender's Curve key has been matched to an accepted minion.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MinionMessage.Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = MinionMessage.Keepalive.class, name = "keepalive"),
        @JsonSubTypes.Type(value = MinionMessage.JobReturn.class, name = "return"),
        @JsonSubTypes.Type(value = MinionMessage.MineUpdate.class, name = "mine"),
        @JsonSubTypes.Type(value = MinionMessage.Event.class, name = "event"),
        @JsonSubTypes.Type(value = MinionMessage.HandedOver.class, name = "handed_over"),
})
public sealed interface MinionMessage {

    /**
     * Sent on every (re)connect: who the minion says it is and its grains. The only message a pending key may send.
     * {@code enrolment} is the one-time token a new machine was given (issue 19), sent until its key is accepted; null
     * otherwise. It travels only inside the CURVE-encrypted connection.
     *
     * <p>{@code handshakeMillis} is how long this connection's CURVE handshake took as the minion saw it, from its TCP
     * connection being established to the handshake being done (round trips and the master's ZAP verdict included), in
     * milliseconds, in the first hello on a connection only; null in the others and when the minion did not measure it
     * (an older minion, the bench swarm's). Optional both ways: an
     * older master ignores it, and a value that cannot be a handshake of this channel (negative, not finite, or longer
     * than {@link Wire#HANDSHAKE_TIMEOUT_MILLIS}) is dropped here, so the hello is read as one without it.
     */
    record Hello(String id, Map<String, Object> grains, String version, String enrolment,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Double handshakeMillis) implements MinionMessage {
        public Hello {
            if (handshakeMillis != null && !plausibleHandshake(handshakeMillis)) handshakeMillis = null;
        }

        public Hello(String id, Map<String, Object> grains, String version, String enrolment) {
            this(id, grains, version, enrolment, null);
        }

        public Hello(String id, Map<String, Object> grains, String version) {
            this(id, grains, version, null, null);
        }

        /** Whether {@code millis} can be the duration of a handshake on the minion channel. */
        public static boolean plausibleHandshake(double millis) {
            return Double.isFinite(millis) && millis >= 0 && millis <= Wire.HANDSHAKE_TIMEOUT_MILLIS;
        }

        @Override
        public String toString() {
            return "Hello[id=" + id + ", version=" + version + (enrolment == null ? "" : ", enrolment=<token>")
                    + (handshakeMillis == null ? "" : ", handshakeMillis=" + handshakeMillis) + "]";
        }
    }

    /**
     * Sent by a stopping minion just before its connection ends: these jobs were handed over to its next process, which
     * finishes and returns them; the master keeps waiting for them instead of reporting the connection as lost.
     */
    record HandedOver(java.util.List<String> jids) implements MinionMessage {
        public HandedOver {
            jids = jids == null ? java.util.List.of() : java.util.List.copyOf(jids);
        }
    }

    /** Keeps the master's view of connectedness fresh between jobs. */
    record Keepalive() implements MinionMessage {
    }

    /**
     * The result of one job.
     *
     * @param result function-specific JSON value (for state runs: the list of state results)
     */
    record JobReturn(String jid, boolean success, int retcode, Object result, double durationMillis) implements MinionMessage {
    }

    /** Mine data published by the minion: function alias → value. Replaces the minion's previous mine entries. */
    record MineUpdate(Map<String, Object> data) implements MinionMessage {
    }

    /** A minion event; the master prefixes the tag with {@code minion/<id>/} so a minion cannot forge others' events. */
    record Event(String tag, Map<String, Object> data) implements MinionMessage {
    }
}
