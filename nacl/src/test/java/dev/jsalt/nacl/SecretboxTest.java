package dev.jsalt.nacl;

import com.neilalexander.jnacl.crypto.poly1305;
import com.neilalexander.jnacl.crypto.xsalsa20;
import com.neilalexander.jnacl.crypto.xsalsa20poly1305;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Bouncy Castle Poly1305 and XSalsa20 behind jnacl's secretbox compute exactly what NaCl computes. The expected
 * values come from libsodium 1.0.18 (its NaCl-compatible crypto_secretbox_xsalsa20poly1305, crypto_onetimeauth_poly1305
 * and crypto_stream_xsalsa20, called through ctypes), for inputs derived here and there the same way: block i of input
 * LABEL is SHA-256("LABEL:i"). Lengths around the 16-byte Poly1305 block and the 64-byte Salsa20 block, and long.
 */
class SecretboxTest {
    private static final HexFormat HEX = HexFormat.of();

    static byte[] det(String label, int n) throws Exception {
        byte[] out = new byte[n];
        int filled = 0;
        for (int i = 0; filled < n; i++) {
            byte[] block = MessageDigest.getInstance("SHA-256").digest((label + ":" + i).getBytes(StandardCharsets.US_ASCII));
            int take = Math.min(32, n - filled);
            System.arraycopy(block, 0, out, filled, take);
            filled += take;
        }
        return out;
    }

    private static String sha256(byte[] b) throws Exception {
        return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({
            "0,f1446ba027c2d9a2b805b43d4e6f1e576c2e9395fb05a2c41fe7bd8f8ab7cf98,0024fd70e393cd5a1945bb41d0964d5c,e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "1,cf973519f047b62997efc3719cbd7fa733aee30bc11c9994d420b05eaf428ebc,a2ef3ce329836909482f6f0a4948e30c,62b67e1f685b7fef51102005dddd27774be3fee38c42965c53aab035d0b6b221",
            "15,ab365827592f7940fd453cdcd95a1fd5e8d0e4afca6c4f9f3c1ceeca96a739d6,8dfba24ce4939a0ecda3f8a50d7e4a28,c49f63d2e94af46a692735fe6c442d5eaf765e0d7bb52c49326901d2ada11292",
            "16,7d1b3a70cb23b821d50a540c7bcb7dfed8c145262d4e5ca5686959685273fa6e,4ae58c59c8014780c9a0e540479b5116,e0d44f8be50b6c06900410811c14892913bde18c3b83abaac1825b0abf397b61",
            "17,eebbbf3a3ffe055e5444afb47d4a3b86512df08e430c3bb29b029a89feee26bd,e6cb7d5bec7a616733fcedb4bca2ed38,152753d260e8ee30c3faa257899b83ec7ceba439e76e89036d4de54396a35a5b",
            "63,ee4ab3016d39dc691817e96ccdc4f7ee86bd3ee9cd38d5435ff9e7332bf8750c,6602abcdd7d40e3f5d4a6fb80b68c716,39980e4b7f6467bb590eafdae8d3184050bf219b5a3b4edf5e9789d9cfd3c24a",
            "64,fc46dde32054646b67d735284af945d35a0598702cb0a08a604d9aa9866a9ef5,8f2427a5ede4fe6e5eb38c7ae49830ad,d8935189f93647f42234f03836094c1cb00058a74e2a1dc26187940cff6e5515",
            "65,8d1ad5fa1365ce44cbb17339c4265c403d950dacd968478d4cf8a1a3cfe3be18,db20b147b47f3128db3c46a57cb6008d,e251bb037d293fcd2690cd199f437cab9346032acf2a081973ab831e8488c6b9",
            "1000,e1e429df50ff4b9773fc7e66cb822218fb76a1d069c812b635620ba751d55327,073a32bd7aee54e38418f5ff68d9faa4,4ade008c368a9feeba2a44f6e2f0b030e3de091ecb888e7bddc5df7092e42793",
            "70000,cc81be42e424ead17a4f4df626fbba66bfec0a023c2f214d30a82f02a2c6d4cc,fd2ff50449780c40889129b46a9b9073,004fb60df43e682aedcdc5b5cdc18af2528fe46af9a2b333f4e6dcaa67b6dbdf"})
    void asLibsodiumComputesIt(int length, String boxSha256, String tag, String streamSha256) throws Exception {
        byte[] key = det("key", 32);
        byte[] nonce = det("nonce", 24);
        byte[] m = det("m", length);

        byte[] padded = new byte[32 + length];
        System.arraycopy(m, 0, padded, 32, length);
        byte[] box = new byte[padded.length];
        assertEquals(0, xsalsa20poly1305.crypto_secretbox(box, padded, padded.length, nonce, key));
        assertEquals(boxSha256, sha256(box), "secretbox");

        byte[] opened = new byte[box.length];
        assertEquals(0, xsalsa20poly1305.crypto_secretbox_open(opened, box, box.length, nonce, key));
        assertArrayEquals(m, Arrays.copyOfRange(opened, 32, opened.length), "opened");
        if (length > 0) {
            byte[] forged = box.clone();
            forged[forged.length - 1] ^= 1;
            assertEquals(-1, xsalsa20poly1305.crypto_secretbox_open(new byte[box.length], forged, box.length, nonce, key), "a forged box opens");
        }

        byte[] mac = new byte[16];
        poly1305.crypto_onetimeauth(mac, 0, m, 0, length, key);
        assertEquals(tag, HEX.formatHex(mac), "poly1305");
        assertEquals(0, poly1305.crypto_onetimeauth_verify(mac, 0, m, 0, length, key));
        mac[0] ^= (byte) 0x80;
        assertEquals(-1, poly1305.crypto_onetimeauth_verify(mac, 0, m, 0, length, key));

        byte[] stream = new byte[length];
        xsalsa20.crypto_stream(stream, length, nonce, key);
        assertEquals(streamSha256, sha256(stream), "xsalsa20 stream");
    }
}
