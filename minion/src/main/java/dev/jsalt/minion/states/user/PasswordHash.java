package dev.jsalt.minion.states.user;

import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;

import java.nio.charset.StandardCharsets;

/**
 * user.present's {@code hash_password: true}: the clear-text password hashed as Salt does it. When the account's
 * current hash is MD5, SHA-256 or SHA-512 crypt, its salt (and rounds) is reused, so an unchanged password hashes to the
 * same string and the state stays unchanged; otherwise (no password yet, yescrypt, blowfish) a SHA-512 crypt hash with a
 * new random salt replaces it, once.
 */
final class PasswordHash {
    private PasswordHash() {
    }

    static String of(String clear, String current) {
        byte[] key = clear.getBytes(StandardCharsets.UTF_8);
        if (current != null) {
            int end = saltEnd(current);
            if (end > 0) {
                String salt = current.substring(0, end);
                if (current.startsWith("$6$")) return Sha2Crypt.sha512Crypt(key, salt);
                if (current.startsWith("$5$")) return Sha2Crypt.sha256Crypt(key, salt);
                if (current.startsWith("$1$")) return Md5Crypt.md5Crypt(key, salt);
            }
        }
        return Sha2Crypt.sha512Crypt(key);
    }

    /** The end of "$id$[rounds=N$]salt" in a crypt string, or -1 when it is not one of the three. */
    private static int saltEnd(String hash) {
        if (!(hash.startsWith("$1$") || hash.startsWith("$5$") || hash.startsWith("$6$"))) return -1;
        int at = 3;
        if (hash.startsWith("rounds=", at)) at = hash.indexOf('$', at) + 1;
        if (at <= 0) return -1;
        int end = hash.indexOf('$', at);
        return end < 0 ? -1 : end;
    }
}
