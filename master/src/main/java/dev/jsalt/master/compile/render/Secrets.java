package dev.jsalt.master.compile.render;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets of one compile (one minion). Secret pillar values travel through Jinja as opaque tokens (see
 * {@link Secret}); this registry hands the tokens out and turns them back into plaintext, marked, after rendering.
 *
 * <p>The marked form is {@code {"$secret": <plaintext>}} — the whole string that contained a secret, so
 * {@code contents: "password={{ pillar.db.password }}"} becomes one secret value. The master's sealer replaces each
 * such map with {@code {"$sealed": ...}} for the receiving minion before anything leaves the master.
 */
public final class Secrets {
    public static final String MARK = "$secret";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TOKEN = Pattern.compile("JSALT_SECRET_[0-9A-F]{20}");
    private static final Pattern TOKEN_ANY_CASE = Pattern.compile("(?i)jsalt_secret_[0-9a-f]{20}");

    private final Map<String, Secret> byToken = new ConcurrentHashMap<>();

    /** Wraps {@code plaintext} as a secret with a fresh token. */
    public Secret mark(Object plaintext) {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        Secret s = new Secret("JSALT_SECRET_" + HexFormat.of().withUpperCase().formatHex(b), plaintext);
        byToken.put(s.token(), s);
        return s;
    }

    /** True when {@code text} carries a token (or what is left of one after a filter changed its case). */
    public static boolean mentionsSecret(String text) {
        return text != null && TOKEN_ANY_CASE.matcher(text).find();
    }

    /**
     * Replaces tokens by plaintext, wrapping each affected string as {@code {"$secret": ...}}, recursively through maps
     * and lists. {@link Secret} objects (from {@code !secret} in the file itself) are wrapped the same way.
     *
     * @throws IllegalArgumentException when a token was altered (e.g. by {@code upper}), so the secret cannot be restored
     */
    public Object reveal(Object value) {
        if (value instanceof Secret s) return marked(s.value());
        if (value instanceof String str) {
            if (!mentionsSecret(str)) return str;
            Secret whole = byToken.get(str);
            if (whole != null) return marked(whole.value());
            StringBuilder sb = new StringBuilder();
            Matcher m = TOKEN.matcher(str);
            while (m.find()) {
                Secret s = byToken.get(m.group());
                if (s == null) throw new IllegalArgumentException("unknown secret token in '" + str + "'");
                m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(s.value())));
            }
            m.appendTail(sb);
            if (mentionsSecret(sb.toString())) {
                throw new IllegalArgumentException("a secret pillar value was changed by a filter (secrets can only be inserted as they are)");
            }
            return marked(sb.toString());
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, reveal(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) out.add(reveal(v));
            return out;
        }
        return value;
    }

    /** Replaces {@link Secret} objects by their marked form (for showing or shipping a pillar). */
    public static Object expose(Object value) {
        if (value instanceof Secret s) return marked(s.value());
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, expose(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) out.add(expose(v));
            return out;
        }
        return value;
    }

    private static Map<String, Object> marked(Object plaintext) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(MARK, plaintext);
        return m;
    }
}
