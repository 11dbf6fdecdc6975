package dev.jsalt.common.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Everything the master sends a minion. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MasterMessage.Welcome.class, name = "welcome"),
        @JsonSubTypes.Type(value = MasterMessage.SignedJob.class, name = "job"),
        @JsonSubTypes.Type(value = MasterMessage.ReturnAck.class, name = "ack"),
})
public sealed interface MasterMessage {

    /** Answer to a hello: whether this minion's key is {@code accepted} or still {@code pending}. */
    record Welcome(String keyState, String message) implements MasterMessage {
    }

    /**
     * A job: {@code payload} is the base64 of a {@link JobRequest} JSON document, {@code signature} the base64 of
     * the master's Ed25519 signature over exactly those bytes. The minion decodes nothing before verifying.
     */
    record SignedJob(String payload, String signature) implements MasterMessage {
    }

    /**
     * The master recorded this minion's return of job {@code jid}: the minion may forget it. Until then the minion keeps
     * the return on disk and sends it again on its next connection (store-and-forward across restarts and
     * disconnections); the master ignores a return it already has.
     */
    record ReturnAck(String jid) implements MasterMessage {
    }
}
