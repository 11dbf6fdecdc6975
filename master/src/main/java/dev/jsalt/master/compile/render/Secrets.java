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
 * The secrets of one compile (one minion). A pillar value marked {@code !secret} becomes an opaque token
 * ({@code JSALT_SECRET_<20 hex>}, a plain string) as soon as its YAML is read, so templates never see its text:
 * printing, concatenating or serialising it (tojson, yaml) yields the token. This registry hands the tokens out and
 * turns them back into plaintext, marked, after rendering.
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

    private final Map<String, Object> byToken = new ConcurrentHashMap<>();

    /** A fresh token standing for {@code plaintext} in this compile. */
    public String mark(Object plaintext) {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        String token = "JSALT_SECRET_" + HexFormat.of().withUpperCase().formatHex(b);
        byToken.put(token, plaintext);
        return token;
    }

    /** True when {@code text} carries a token (or what is left of one after a filter changed its case). */
    public static boolean mentionsSecret(String text) {
        return text != null && TOKEN_ANY_CASE.matcher(text).find();
    }

    /**
     * Replaces tokens by plaintext, wrapping each affected string as {@code {"$secret": ...}}, recursively through maps
     * and lists. Also what a shown pillar looks like ({@link dev.jsalt.master.compile.StateCompiler#pillarFor}).
     *
     * @throws IllegalArgumentException when a token was altered (e.g. by {@code upper}), so the secret cannot be restored
     */
    public Object reveal(Object value) {
        if (value instanceof String str) {
            if (!mentionsSecret(str)) return str;
            Object whole = byToken.get(str);
            if (whole != null) return marked(whole);
            StringBuilder sb = new StringBuilder();
            Matcher m = TOKEN.matcher(str);
            while (m.find()) {
                Object plain = byToken.get(m.group());
                if (plain == null) throw new IllegalArgumentException("unknown secret token in '" + str + "'");
                m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(plain)));
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

    private static Map<String, Object> marked(Object plaintext) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(MARK, plaintext);
        return m;
    }
}
