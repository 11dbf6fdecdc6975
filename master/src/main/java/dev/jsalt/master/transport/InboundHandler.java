package dev.jsalt.master.transport;

import dev.jsalt.common.wire.MinionMessage;

/** Receives messages only after the channel authenticated the sender as an accepted minion. */
public interface InboundHandler {
    /** {@code minionId} is the accepted id bound to the sender's Curve key, never a claim of the sender's. */
    void onMessage(String minionId, MinionMessage message);
}
