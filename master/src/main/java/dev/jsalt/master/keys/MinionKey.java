package dev.jsalt.master.keys;

import dev.jsalt.common.crypto.Fingerprint;

/** A minion id, its Curve public key and its state. */
public record MinionKey(String id, String curvePublic, KeyState state) {
    public String fingerprint() { return Fingerprint.ofMinion(curvePublic); }
}
