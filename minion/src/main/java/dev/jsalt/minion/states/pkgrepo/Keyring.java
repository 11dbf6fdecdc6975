package dev.jsalt.minion.states.pkgrepo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The bytes a keyring file for apt must hold. apt reads a {@code signed-by} or {@code trusted.gpg.d} file as
 * ASCII-armored only when its name ends in {@code .asc}; any other name must hold binary OpenPGP packets. Keys are
 * mostly published armored, so an armored key bound for such a file is dearmored here (what {@code gpg --dearmor}
 * does: the base64 body, without headers and the CRC line), with no gpg needed on the minion.
 */
final class Keyring {
    static final String BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    static final String END = "-----END PGP PUBLIC KEY BLOCK-----";

    private Keyring() {
    }

    static boolean armored(byte[] key) {
        return new String(key, 0, Math.min(key.length, 4096), StandardCharsets.US_ASCII).contains(BEGIN);
    }

    /** What the file {@code path} must contain to hold {@code key}. */
    static byte[] forFile(String path, byte[] key) {
        if (path.endsWith(".asc") || !armored(key)) return key;
        return dearmor(new String(key, StandardCharsets.US_ASCII));
    }

    /** The binary packets of an armored public key block (every block, concatenated, as gpg --dearmor). */
    static byte[] dearmor(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        while (true) {
            int b = text.indexOf(BEGIN, from);
            if (b < 0) break;
            int e = text.indexOf(END, b);
            if (e < 0) throw new IllegalArgumentException("the key's armor has no " + END + " line");
            String[] lines = text.substring(b + BEGIN.length(), e).split("\r?\n");
            StringBuilder body = new StringBuilder();
            boolean headers = true;
            for (String raw : lines) {
                String l = raw.strip();
                if (headers) {
                    // armor headers (Version: ..., Comment: ...) end at the first blank line
                    if (l.isEmpty() && body.isEmpty()) continue;
                    if (l.contains(": ")) continue;
                    headers = false;
                }
                if (l.isEmpty()) continue;
                if (l.startsWith("=") && l.length() == 5) break; // the CRC24 checksum line
                body.append(l);
            }
            try {
                out.writeBytes(Base64.getDecoder().decode(body.toString()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("the key's armor is not valid base64: " + ex.getMessage());
            }
            from = e + END.length();
        }
        if (out.size() == 0) throw new IllegalArgumentException("no " + BEGIN + " in the key");
        return out.toByteArray();
    }
}
