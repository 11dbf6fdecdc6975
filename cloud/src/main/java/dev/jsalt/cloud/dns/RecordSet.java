package dev.jsalt.cloud.dns;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * All records of one name and type (an RRset), as a state declares and a provider reports it.
 *
 * @param name    the owner name, fully qualified, lower case, without the trailing dot ({@code blog.example.test})
 * @param type    A, AAAA, CNAME or TXT
 * @param values  the record data, sorted and without duplicates (TXT: the text itself, unquoted; CNAME: the target
 *                without the trailing dot)
 * @param ttl     seconds; Cloudflare's 1 means "automatic"
 * @param proxied Cloudflare's proxy flag; null where the provider has none (RFC 2136) or the state leaves it alone
 */
public record RecordSet(String name, String type, List<String> values, int ttl, Boolean proxied) {
    public static final List<String> TYPES = List.of("A", "AAAA", "CNAME", "TXT");

    public RecordSet {
        name = fqdn(name);
        String t = type.toUpperCase(Locale.ROOT);
        type = t;
        values = List.copyOf(new TreeSet<>(values.stream().map(v -> normalValue(t, v)).toList()));
    }

    /** {@code Blog.Example.Test.} → {@code blog.example.test}. */
    public static String fqdn(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        return n;
    }

    static String normalValue(String type, String v) {
        return switch (type) {
            case "CNAME" -> fqdn(v);
            case "AAAA" -> Addresses.canonicalV6(v);
            default -> v;
        };
    }

    /** This set with another TTL / proxied flag (for comparison when the state leaves one alone). */
    public RecordSet with(int ttl, Boolean proxied) { return new RecordSet(name, type, values, ttl, proxied); }

    /** What a result shows: {@code {values: [...], ttl: 300, proxied: false}}. */
    public java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("values", values);
        m.put("ttl", ttl);
        if (proxied != null) m.put("proxied", proxied);
        return m;
    }

    public boolean sameData(RecordSet o) {
        return o != null && name.equals(o.name) && type.equals(o.type) && values.equals(o.values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordSet r && sameData(r) && ttl == r.ttl && Objects.equals(proxied, r.proxied);
    }

    @Override
    public int hashCode() { return Objects.hash(name, type, values, ttl, proxied); }
}
