package dev.jsalt.master.compile.sls;

import dev.jsalt.master.compile.SourcePos;

import java.util.Map;

/**
 * A compile step that rewrites the arguments of one resource after {@code names:} expansion and before secrets are
 * revealed, e.g. inlining {@code file.managed}'s {@code source: salt://...} as {@code contents}. Secret pillar values
 * are still opaque tokens in {@link Target#args()} at that point: anything put back into the arguments is revealed
 * (and marked {@code {"$secret": ...}}) afterwards, except values wrapped in {@link Verbatim}.
 */
@FunctionalInterface
public interface ArgRewriter {

    /** Rewrites {@code target.args()} in place; throws {@link dev.jsalt.master.compile.CompileException} on bad input. */
    void rewrite(Target target);

    /**
     * Called once with every resource of the run, in declaration order, before any {@link #rewrite}: for steps that
     * gather across resources (Salt's {@code file.accumulated}). Arguments are not checked yet.
     */
    default void prepare(java.util.List<Target> all) {
    }

    /**
     * One resource being compiled.
     *
     * @param module   state module ({@code file})
     * @param function state function ({@code managed})
     * @param id       the ID declaration
     * @param name     the resource's name
     * @param sls      the SLS it was declared in ({@code nginx.config})
     * @param slsFile  the file of that SLS ({@code nginx/config.sls})
     * @param args     the arguments, mutable, in declaration order
     * @param argPos   where each argument was written (may lack an entry)
     * @param pos      where the resource was declared (its ID, or its entry in {@code names:})
     * @param requisites the requisites as written (with the {@code _in} forms), read only
     */
    record Target(String module, String function, String id, String name, String sls, String slsFile,
                  Map<String, Object> args, Map<String, SourcePos> argPos, SourcePos pos, java.util.List<RequisiteRef> requisites) {

        /** Where argument {@code arg} was written, or the resource's position when unknown. */
        public SourcePos posOf(String arg) {
            SourcePos p = argPos.get(arg);
            return p != null ? p : pos;
        }

        /** {@code file.managed '/etc/motd'} (with the ID too when it differs from the name). */
        public String label() {
            String base = module + "." + function + " '" + id + "'";
            return name.equals(id) ? base : base + " (name '" + name + "')";
        }
    }

    /**
     * An argument value to ship exactly as it is: not scanned for secret tokens (e.g. the bytes of a static file,
     * which are data, not template output).
     */
    record Verbatim(Object value) {
    }
}
