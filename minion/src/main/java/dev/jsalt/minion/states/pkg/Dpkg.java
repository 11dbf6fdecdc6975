package dev.jsalt.minion.states.pkg;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;

import java.util.HashMap;
import java.util.Map;

/**
 * The dpkg database as one {@code dpkg-query -W} per run, shared by every pkg resource (memoized in the
 * {@link RunContext}); cost grows with what changes, not with how many packages a run mentions. The inventory reads
 * the same query with {@link #FORMAT} and {@link #parse}.
 */
public final class Dpkg {
    static final String MEMO_KEY = "pkg.dpkg";
    /** The {@code dpkg-query -W -f=} format {@link #parse} reads. */
    public static final String FORMAT = "${Package}\\t${Architecture}\\t${db:Status-Status}\\t${Version}\\n";

    /** One package as dpkg knows it. {@code status} is dpkg's: installed, config-files, half-installed, ... */
    public record Entry(String name, String arch, String status, String version) {
        public boolean installed() { return "installed".equals(status); }

        /** Anything of the package is on disk (binaries or leftover configuration). */
        boolean present() { return !"not-installed".equals(status); }

        /** Binaries on disk, fully or partly installed: what {@code apt-get remove} would act on. */
        boolean removable() { return present() && !"config-files".equals(status); }
    }

    private Dpkg() {
    }

    static Map<String, Entry> db(RunContext ctx) {
        return ctx.memo(MEMO_KEY, () -> query(ctx));
    }

    static void forget(RunContext ctx) { ctx.forget(MEMO_KEY); }

    static Entry lookup(RunContext ctx, String name) { return db(ctx).get(name); }

    private static Map<String, Entry> query(RunContext ctx) {
        CommandResult res = ctx.run(CommandSpec.of("dpkg-query", "-W", "-f=" + FORMAT).unscoped());
        if (!res.ok()) throw new IllegalStateException("dpkg-query failed (exit " + res.exitCode() + "): " + res.lastLine());
        return parse(res.stdout());
    }

    /** Indexed by name and by name:arch; for a multi-arch name the installed entry wins the plain name. */
    public static Map<String, Entry> parse(String out) {
        Map<String, Entry> db = new HashMap<>(4096);
        int start = 0, n = out.length();
        while (start < n) {
            int end = out.indexOf('\n', start);
            if (end < 0) end = n;
            String[] f = out.substring(start, end).split("\t", -1);
            start = end + 1;
            if (f.length < 4 || f[0].isEmpty()) continue;
            Entry e = new Entry(f[0], f[1], f[2], f[3].isEmpty() ? null : f[3]);
            db.put(f[0] + ":" + f[1], e);
            Entry prev = db.get(f[0]);
            if (prev == null || (!prev.installed() && e.installed())) db.put(f[0], e);
        }
        return db;
    }
}
