package dev.jsalt.common.wire;

/**
 * What the master announces on its key port: its Curve transport key and Ed25519 signing key. The minion checks
 * the fingerprint against its configuration or its pinned copy; nothing here is trusted without that.
 */
public record MasterKeys(String curvePublic, String signingPublic, String fingerprint) {
}
