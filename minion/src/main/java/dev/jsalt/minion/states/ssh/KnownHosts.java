package dev.jsalt.minion.states.ssh;

import dev.jsalt.minion.states.sys.TextFile;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * known_hosts lines: plain ({@code host1,host2 enc key}) or hashed ({@code |1|salt|hmac enc key}, HMAC-SHA1 of the
 * host with the salt, as ssh-keygen -H writes). A host on another port than 22 is written {@code [host]:port}.
 * Fingerprints are Salt's: hex pairs with colons of the key's SHA-256 (or MD5), and OpenSSH's SHA256:base64 is
 * understood too.
 */
final class KnownHosts {
    record Entry(String line, String enc, String key) {
        Map<String, Object> describe(String hostname, String hashType) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("enc", enc);
            m.put("key", key);
            m.put("hostname", hostname);
            m.put("fingerprint", fingerprint(key, hashType));
            return m;
        }
    }

    private KnownHosts() {
    }

    static String hostField(String host, Integer port) {
        return port == null || port == 22 ? host : "[" + host + "]:" + port;
    }

    static boolean matches(String hostsField, String host) {
        for (String h : hostsField.split(",")) {
            if (h.startsWith("|1|")) {
                String[] p = h.split("\\|");
                if (p.length == 4) {
                    try {
                        byte[] salt = Base64.getDecoder().decode(p[2]);
                        if (Base64.getEncoder().encodeToString(hmac(salt, host)).equals(p[3])) return true;
                    } catch (IllegalArgumentException ignored) {
                        // not a hash ssh wrote: no match
                    }
                }
            } else if (h.equals(host)) {
                return true;
            }
        }
        return false;
    }

    static byte[] hmac(byte[] salt, String host) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(host.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hashed(String host) {
        byte[] salt = new byte[20];
        new SecureRandom().nextBytes(salt);
        return "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hmac(salt, host));
    }

    /** The entries for {@code host} (already in its [host]:port form); @cert-authority and @revoked lines are skipped. */
    static List<Entry> entries(String text, String host) {
        List<Entry> out = new ArrayList<>();
        for (String line : TextFile.lines(text)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("@")) continue;
            String[] w = l.split("\\s+");
            if (w.length >= 3 && matches(w[0], host)) out.add(new Entry(line, w[1], w[2]));
        }
        return out;
    }

    /** The text without {@code host}'s lines (a plain line naming other hosts too loses only this name). */
    static String remove(String text, String host) {
        List<String> out = new ArrayList<>();
        for (String line : TextFile.lines(text)) {
            String l = line.strip();
            String[] w = l.split("\\s+", 2);
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("@") || w.length < 2 || !matches(w[0], host)) {
                out.add(line);
                continue;
            }
            List<String> rest = new ArrayList<>();
            for (String h : w[0].split(",")) if (!matches(h, host)) rest.add(h);
            if (!rest.isEmpty()) out.add(String.join(",", rest) + " " + w[1]);
        }
        return TextFile.join(out);
    }

    /**
     * Salt's fingerprint of a base64 key: colon-separated hex of its SHA-256 (default) or MD5.
     */
    static String fingerprint(String key, String hashType) {
        try {
            String alg = hashType == null || hashType.equalsIgnoreCase("sha256") ? "SHA-256" : hashType.equalsIgnoreCase("md5") ? "MD5"
                    : hashType.toUpperCase(Locale.ROOT).replace("SHA", "SHA-");
            byte[] d = MessageDigest.getInstance(alg).digest(Base64.getDecoder().decode(key));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                if (sb.length() > 0) sb.append(':');
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (Exception e) {
            return null;
        }
    }

    /** Whether {@code key} has the {@code wanted} fingerprint, in any of the forms users write. */
    static boolean hasFingerprint(String key, String wanted, String hashType) {
        String w = wanted.strip();
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            if (w.startsWith("SHA256:")) {
                String b64 = Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(raw));
                return b64.equals(w.substring(7).replaceAll("=+$", ""));
            }
            if (w.toUpperCase(Locale.ROOT).startsWith("MD5:")) w = w.substring(4);
            String hex = w.replace(":", "").toLowerCase(Locale.ROOT);
            String alg = hashType != null ? hashType : hex.length() == 32 ? "md5" : "sha256";
            String fp = fingerprint(key, alg);
            return fp != null && fp.replace(":", "").equals(hex);
        } catch (Exception e) {
            return false;
        }
    }
}
