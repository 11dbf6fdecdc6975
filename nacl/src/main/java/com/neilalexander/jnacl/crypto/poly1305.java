package com.neilalexander.jnacl.crypto;

import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.Arrays;

/**
 * Drop-in for jnacl's {@code poly1305}: the two entry points jnacl's secretbox (and so every CURVE message JeroMQ
 * sends or receives) calls, computed by Bouncy Castle's Poly1305 (poly1305-donna) instead of jnacl's port of NaCl's
 * reference code, whose 17-limb {@code mulmod} took half of the master's I/O thread under load (2026-12-04 profile).
 * The key is NaCl's: r (clamped by the MAC) then s, 16 bytes each; the tag is 16 bytes.
 */
public final class poly1305 {
    private poly1305() {}

    /** The 16-byte tag of {@code inlen} bytes of {@code inv} from {@code invoffset}, under the 32-byte key {@code k}, into {@code outv}. */
    public static int crypto_onetimeauth(byte[] outv, int outvoffset, byte[] inv, int invoffset, long inlen, byte[] k) {
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(k, 0, 32));
        mac.update(inv, invoffset, Math.toIntExact(inlen));
        mac.doFinal(outv, outvoffset);
        return 0;
    }

    /** 0 when {@code h} holds the tag of the input under {@code k}, else -1; compared in constant time. */
    public static int crypto_onetimeauth_verify(byte[] h, int hoffset, byte[] inv, int invoffset, long inlen, byte[] k) {
        byte[] correct = new byte[16];
        crypto_onetimeauth(correct, 0, inv, invoffset, inlen, k);
        return Arrays.constantTimeAreEqual(16, correct, 0, h, hoffset) ? 0 : -1;
    }
}
