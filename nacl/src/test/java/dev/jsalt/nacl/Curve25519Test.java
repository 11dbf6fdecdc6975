package dev.jsalt.nacl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.neilalexander.jnacl.crypto.curve25519;
import com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replacement must compute exactly what NaCl computes: RFC 7748's vectors and NaCl's own box test keys. */
class Curve25519Test {
    private static final HexFormat HEX = HexFormat.of();
    // RFC 7748 §6.1 (also NaCl's tests/box.c alicesk/bobpk)
    private static final byte[] ALICE_SK = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] ALICE_PK = HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static final byte[] BOB_SK = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static final byte[] BOB_PK = HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static final byte[] SHARED = HEX.parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    @Test
    void rfc7748ScalarMultVector() {
        byte[] q = new byte[32];
        curve25519.crypto_scalarmult(q,
                HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"));
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", HEX.formatHex(q));
    }

    @Test
    void publicKeysAndSharedSecretMatchRfc7748() {
        byte[] alicePk = new byte[32];
        byte[] bobPk = new byte[32];
        curve25519.crypto_scalarmult_base(alicePk, ALICE_SK);
        curve25519.crypto_scalarmult_base(bobPk, BOB_SK);
        assertArrayEquals(ALICE_PK, alicePk);
        assertArrayEquals(BOB_PK, bobPk);

        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        curve25519.crypto_scalarmult(k1, ALICE_SK, BOB_PK);
        curve25519.crypto_scalarmult(k2, BOB_SK, ALICE_PK);
        assertArrayEquals(SHARED, k1);
        assertArrayEquals(SHARED, k2);
    }

    @Test
    void boxPrecomputationMatchesNaclFirstkey() {
        // NaCl tests/core1.c: HSalsa20 of the shared secret above, what crypto_box_beforenm returns.
        byte[] k = new byte[32];
        curve25519xsalsa20poly1305.crypto_box_beforenm(k, BOB_PK, ALICE_SK);
        assertEquals("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389", HEX.formatHex(k));
    }

    @Test
    void boxesOpenOnlyForTheirRecipient() {
        byte[] aPk = new byte[32], aSk = new byte[32], bPk = new byte[32], bSk = new byte[32], cPk = new byte[32], cSk = new byte[32];
        curve25519xsalsa20poly1305.crypto_box_keypair(aPk, aSk);
        curve25519xsalsa20poly1305.crypto_box_keypair(bPk, bSk);
        curve25519xsalsa20poly1305.crypto_box_keypair(cPk, cSk);
        assertNotEquals(HEX.formatHex(aPk), HEX.formatHex(bPk));

        byte[] nonce = new byte[24];
        nonce[0] = 7;
        byte[] message = new byte[32 + 11]; // crypto_box wants ZEROBYTES of zero padding first
        System.arraycopy("hello minion".getBytes(StandardCharsets.US_ASCII), 0, message, 32, 11);
        byte[] box = new byte[message.length];
        assertEquals(0, curve25519xsalsa20poly1305.crypto_box(box, message, message.length, nonce, bPk, aSk));

        byte[] opened = new byte[box.length];
        assertEquals(0, curve25519xsalsa20poly1305.crypto_box_open(opened, box, box.length, nonce, aPk, bSk));
        assertArrayEquals(message, opened);
        assertNotEquals(0, curve25519xsalsa20poly1305.crypto_box_open(new byte[box.length], box, box.length, nonce, aPk, cSk));
    }

    @Test
    void onlyThisCurve25519IsOnTheClassPath() throws IOException {
        // If jnacl came back through some dependency, which of the two classes loads would depend on jar order.
        List<URL> copies = Collections.list(getClass().getClassLoader()
                .getResources("com/neilalexander/jnacl/crypto/curve25519.class"));
        assertEquals(1, copies.size(), () -> "curve25519 found more than once: " + copies);
        assertEquals(0, curve25519.class.getConstructors().length, "jnacl's own curve25519 has a public constructor");
    }
}
