package com.neilalexander.jnacl.crypto;

import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Drop-in for jnacl's {@code xsalsa20}: the keystream of jnacl's secretbox, computed by Bouncy Castle's XSalsa20
 * instead of jnacl's port of NaCl's reference code (a byte-at-a-time Salsa20 core that took a sixth of the master's
 * I/O thread under load). 32-byte key, 24-byte nonce, the stream from block 0, as NaCl's crypto_stream_xsalsa20.
 */
public final class xsalsa20 {
    /** "expand 32-byte k", as jnacl declares it (its box construction reads it). */
    public static final byte[] sigma = {(byte) 'e', (byte) 'x', (byte) 'p', (byte) 'a', (byte) 'n', (byte) 'd', (byte) ' ', (byte) '3',
            (byte) '2', (byte) '-', (byte) 'b', (byte) 'y', (byte) 't', (byte) 'e', (byte) ' ', (byte) 'k'};

    private xsalsa20() {}

    /** The first {@code clen} bytes of the keystream of key {@code k} and nonce {@code n}, into {@code c}. */
    public static int crypto_stream(byte[] c, int clen, byte[] n, byte[] k) {
        return crypto_stream_xor(c, new byte[clen], clen, n, k);
    }

    /** {@code c} = the first {@code mlen} bytes of {@code m} xor the keystream of key {@code k} and nonce {@code n}. */
    public static int crypto_stream_xor(byte[] c, byte[] m, long mlen, byte[] n, byte[] k) {
        XSalsa20Engine engine = new XSalsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(k, 0, 32), n, 0, 24));
        engine.processBytes(m, 0, Math.toIntExact(mlen), c, 0);
        return 0;
    }
}
