package dev.jsalt.minion.states.tinc;

import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;

import java.io.IOException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tinc 1.0's key formats: PKCS#1 PEM blocks ({@code RSA PRIVATE KEY} / {@code RSA PUBLIC KEY}). A public key from
 * the mine is decoded and re-encoded before it is written, so only a real key, in one canonical spelling, can
 * reach a host file. The public key of this host is derived from its private key, which makes it the truth even
 * if someone edits the host file.
 */
final class RsaKeys {
    static final String PUBLIC_BEGIN = "-----BEGIN RSA PUBLIC KEY-----";
    static final String PUBLIC_END = "-----END RSA PUBLIC KEY-----";
    private static final Pattern PUBLIC = Pattern.compile(
            "-----BEGIN RSA PUBLIC KEY-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END RSA PUBLIC KEY-----");
    private static final Pattern PRIVATE = Pattern.compile(
            "-----BEGIN RSA PRIVATE KEY-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END RSA PRIVATE KEY-----");

    private RsaKeys() {
    }

    /** The canonical PEM of a public key given as PEM text; throws if it is not exactly one valid RSA public key. */
    static String canonicalPublic(String pem) {
        if (pem == null) throw new IllegalArgumentException("no public key");
        String s = pem.strip();
        Matcher m = PUBLIC.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("public_key must be one '" + PUBLIC_BEGIN + "' block and nothing else");
        }
        byte[] der = decode(m.group(1), "public_key");
        try {
            RSAPublicKey k = RSAPublicKey.getInstance(der);
            return pem(PUBLIC_BEGIN, PUBLIC_END, new RSAPublicKey(k.getModulus(), k.getPublicExponent()).getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("public_key is not an RSA public key: " + e.getMessage());
        }
    }

    /** The first public key block in a host file, canonical, or null if it has none (or only a broken one). */
    static String publicIn(String hostFile) {
        Matcher m = PUBLIC.matcher(hostFile);
        if (!m.find()) return null;
        try {
            return canonicalPublic(m.group());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The public half of a PEM RSA private key as tinc writes it (rsa_key.priv). */
    static String publicFromPrivate(String privatePem) {
        Matcher m = PRIVATE.matcher(privatePem);
        if (!m.find()) throw new IllegalArgumentException("no '-----BEGIN RSA PRIVATE KEY-----' block");
        try {
            RSAPrivateKey k = RSAPrivateKey.getInstance(decode(m.group(1), "private key"));
            return pem(PUBLIC_BEGIN, PUBLIC_END, new RSAPublicKey(k.getModulus(), k.getPublicExponent()).getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an RSA private key: " + e.getMessage());
        }
    }

    /** Modulus size in bits of a canonical public key. */
    static int bits(String publicPem) {
        Matcher m = PUBLIC.matcher(publicPem);
        if (!m.find()) throw new IllegalArgumentException("no public key block");
        return RSAPublicKey.getInstance(decode(m.group(1), "public key")).getModulus().bitLength();
    }

    private static byte[] decode(String body, String what) {
        try {
            return Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64");
        }
    }

    private static String pem(String begin, String end, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der);
        return begin + "\n" + b64 + "\n" + end + "\n";
    }
}
