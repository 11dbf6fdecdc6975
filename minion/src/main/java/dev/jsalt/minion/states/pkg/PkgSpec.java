package dev.jsalt.minion.states.pkg;

import dev.jsalt.minion.state.Args;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One package a state asks for, with an optional version: exact ({@code 1.2-3}, epoch optional), a glob
 * ({@code 1.2*}), {@code latest} (apt's candidate), or comparisons ({@code >=1.2}, {@code <2,>=1.4}, {@code ==1.3}).
 * Names and versions are checked against Debian's syntax so nothing odd reaches apt-get's argv.
 */
record PkgSpec(String name, String version) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.+~:*-]+");
    private static final Pattern CONSTRAINT = Pattern.compile("\\s*(<=|>=|==|!=|<|>|=)\\s*([A-Za-z0-9.+~:-]+)\\s*");

    PkgSpec {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("not a Debian package name: '" + name + "'");
        if (version != null && !latest(version) && !comparison(version) && !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not a Debian version for " + name + ": '" + version + "'");
        }
        if (version != null && comparison(version)) constraints(version); // validates
    }

    static boolean latest(String v) { return "latest".equalsIgnoreCase(v.strip()); }

    static boolean comparison(String v) {
        String s = v.strip();
        return s.startsWith("<") || s.startsWith(">") || s.startsWith("=") || s.startsWith("!");
    }

    boolean isLatest() { return version != null && latest(version); }

    boolean isComparison() { return version != null && comparison(version); }

    /** A comparison like {@code >=1.2}. */
    record Constraint(String op, String version) {
        boolean holds(String installed) {
            int c = DebVersion.compare(installed, version);
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "!=" -> c != 0;
                default -> c == 0;
            };
        }
    }

    static List<Constraint> constraints(String version) {
        List<Constraint> out = new ArrayList<>();
        for (String part : version.split(",")) {
            Matcher m = CONSTRAINT.matcher(part);
            if (!m.matches()) throw new IllegalArgumentException("not a version comparison: '" + part.strip() + "' (e.g. >=1.2)");
            out.add(new Constraint(m.group(1), m.group(2)));
        }
        return out;
    }

    /** {@code pkgs: [a, {b: 1.2}]} if given, else {@code name} with the optional {@code version} arg. */
    static List<PkgSpec> of(Args args, boolean versions) {
        List<PkgSpec> out = new ArrayList<>();
        if (args.has("pkgs")) {
            for (Object o : args.list("pkgs")) {
                if (o instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        Object v = e.getValue();
                        out.add(checked(args, "pkgs", e.getKey().toString(), v == null || v.toString().isEmpty() ? null : v.toString()));
                    }
                } else if (o != null) {
                    out.add(checked(args, "pkgs", o.toString(), null));
                }
            }
            if (out.isEmpty()) throw args.bad("pkgs", "is an empty list");
        } else {
            String name = args.name();
            String version = versions ? args.string("version").orElse(null) : null;
            out.add(checked(args, NAME.matcher(name).matches() ? "version" : "name", name, version));
        }
        return out;
    }

    /** A spec from argument {@code key}; a bad name or version fails naming the argument. */
    private static PkgSpec checked(Args args, String key, String name, String version) {
        try {
            return new PkgSpec(name, version);
        } catch (IllegalArgumentException e) {
            throw args.bad(key, "is invalid: " + e.getMessage());
        }
    }

    /** The apt-get argument: {@code name} or {@code name=version} (exact versions only). */
    String aptArg() { return version == null || isLatest() || isComparison() ? name : name + "=" + version; }

    /** Whether the installed version (null if not installed) is what the spec asks for ({@code latest} aside). */
    boolean versionMatches(String installed) {
        if (version == null) return true;
        if (installed == null) return false;
        if (isLatest()) return true;
        if (isComparison()) return constraints(version).stream().allMatch(c -> c.holds(installed));
        if (version.contains("*")) {
            return Pattern.compile(Pattern.quote(version).replace("*", "\\E.*\\Q")).matcher(installed).matches();
        }
        // Debian versions may carry an epoch ("1:2.3-4"); let the SLS omit it.
        return installed.equals(version) || installed.replaceFirst("^\\d+:", "").equals(version);
    }
}
