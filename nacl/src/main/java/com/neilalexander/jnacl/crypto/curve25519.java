package com.neilalexander.jnacl.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Drop-in for jnacl's {@code curve25519}: the same two entry points jnacl's box construction (and so JeroMQ's
 * CURVE mechanism) calls, computed by Bouncy Castle's constant-time RFC 7748 X25519 instead of jnacl's port of
 * NaCl's reference code, which is ~20× slower. Both clamp the scalar as NaCl does; neither rejects an all-zero
 * shared secret, which NaCl's crypto_box leaves to the protocol (CURVE authenticates with the boxes themselves).
 */
public final class curve25519 {
    private curve25519() {}

    /** q = n · p (32-byte little-endian scalar n, 32-byte u-coordinate p). Returns 0 as NaCl does. */
    public static int crypto_scalarmult(byte[] q, byte[] n, byte[] p) {
        X25519.scalarMult(n, 0, p, 0, q, 0);
        return 0;
    }

    /** q = n · 9 (the base point): the public key of secret key n. Returns 0 as NaCl does. */
    public static int crypto_scalarmult_base(byte[] q, byte[] n) {
        X25519.scalarMultBase(n, 0, q, 0);
        return 0;
    }
}
