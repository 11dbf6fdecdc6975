package dev.jsalt.minion.states.mysql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The {@code mysql_native_password} hash, {@code '*' + HEX(SHA1(SHA1(password)))}, the same as MariaDB's
 * {@code PASSWORD()}. Computing it here lets the user state compare and set a password without the clear text
 * ever reaching the server's logs: MariaDB accepts {@code IDENTIFIED BY PASSWORD '*hash'}.
 */
final class NativePassword {
    private NativePassword() {
    }

    static String hash(String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] stage1 = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            byte[] stage2 = sha1.digest(stage1);
            return "*" + HexFormat.of().formatHex(stage2).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the JDK", e);
        }
    }
}
