package dev.jsalt.minion.states.ufw;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A port selector of a rule: "any", one port, a range {@code 6000:6007}, or a list {@code 80,443,8000:8080}.
 * Held in ufw's own order (ascending), so {@code 443,80} and {@code 80,443} are the same selector.
 *
 * @param items ranges sorted by start; empty means any port
 */
public record Ports(List<Range> items) {
    public static final Ports ANY = new Ports(List.of());

    /** ufw's multiport limit: 15 ports, a range counting as two. */
    private static final int MAX_MULTIPORT = 15;

    public record Range(int from, int to) {
        boolean contains(int port) { return from <= port && port <= to; }

        @Override
        public String toString() { return from == to ? Integer.toString(from) : from + ":" + to; }
    }

    public Ports {
        items = List.copyOf(items);
    }

    public boolean isAny() { return items.isEmpty(); }

    /** A range or a list: iptables needs {@code -p tcp|udp} for these, so ufw refuses them with proto any. */
    public boolean needsProto() {
        return items.size() > 1 || (items.size() == 1 && items.get(0).from != items.get(0).to);
    }

    public boolean contains(int port) {
        return isAny() || items.stream().anyMatch(r -> r.contains(port));
    }

    /** Parses "any", 22, "6000:6007", "80,443" (also "6000-6007") or a collection of those. */
    public static Ports parse(Object raw) {
        if (raw == null) return ANY;
        List<String> parts = new ArrayList<>();
        if (raw instanceof Collection<?> c) {
            for (Object o : c) parts.addAll(List.of(o.toString().split(",")));
        } else {
            String s = raw.toString().trim();
            if (s.isEmpty() || s.equalsIgnoreCase("any")) return ANY;
            parts.addAll(List.of(s.split(",")));
        }
        List<Range> ranges = new ArrayList<>();
        for (String p : parts) {
            String t = p.trim();
            String[] ends = t.split("[:-]", -1);
            if (ends.length > 2) throw bad(raw);
            int a = port(ends[0], raw);
            int b = ends.length == 2 ? port(ends[1], raw) : a;
            if (b < a) throw new IllegalArgumentException("port range '" + t + "' ends before it starts");
            if (!ranges.contains(new Range(a, b))) ranges.add(new Range(a, b));
        }
        ranges.sort((x, y) -> x.from != y.from ? Integer.compare(x.from, y.from) : Integer.compare(x.to, y.to));
        int weight = ranges.stream().mapToInt(r -> r.from == r.to ? 1 : 2).sum();
        if (ranges.size() > 1 && weight > MAX_MULTIPORT) {
            throw new IllegalArgumentException("port list '" + raw + "' is longer than ufw's 15-port limit");
        }
        return new Ports(ranges);
    }

    private static int port(String s, Object raw) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw bad(raw);
    }

    private static IllegalArgumentException bad(Object raw) {
        return new IllegalArgumentException("'" + raw + "' is not a port, a range like 6000:6007 or a list like 80,443"
                + " (ports are numbers 1-65535; service names are not resolved)");
    }

    @Override
    public String toString() {
        return isAny() ? "any" : items.stream().map(Range::toString).collect(Collectors.joining(","));
    }
}
