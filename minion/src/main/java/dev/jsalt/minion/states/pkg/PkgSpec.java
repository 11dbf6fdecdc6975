package dev.jsalt.minion.states.pkg;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One package a state asks for, with an optional version ({@code 1.2-3}, or a glob such as {@code 1.2*}).
 * Names and versions are checked against Debian's syntax so nothing odd reaches apt-get's argv.
 */
record PkgSpec(String name, String version) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.+~:*-]+");

    PkgSpec {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("not a Debian package name: '" + name + "'");
        if (version != null && !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not a Debian version for " + name + ": '" + version + "'");
        }
    }

    /** {@code pkgs: [a, {b: 1.2}]} if given, else {@code name} with the optional {@code version} arg. */
    static List<PkgSpec> of(Resource r, Args args) {
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
            String name = args.string("name", r.name());
            out.add(checked(args, NAME.matcher(name).matches() ? "version" : "name", name, args.string("version").orElse(null)));
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

    /** The apt-get argument: {@code name} or {@code name=version}. */
    String aptArg() { return version == null ? name : name + "=" + version; }

    boolean versionMatches(String installed) {
        if (version == null) return true;
        if (installed == null) return false;
        if (version.contains("*")) {
            return Pattern.compile(Pattern.quote(version).replace("*", "\\E.*\\Q")).matcher(installed).matches();
        }
        // Debian versions may carry an epoch ("1:2.3-4"); let the SLS omit it.
        return installed.equals(version) || installed.replaceFirst("^\\d+:", "").equals(version);
    }
}
