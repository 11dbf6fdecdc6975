package dev.jsalt.master.compile.sls;

import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.master.compile.SourcePos;

/**
 * A requisite as written: {@code - pkg: nginx} (module + ID or name), {@code - nginx} (any module),
 * {@code - sls: web.config} (every state of that SLS).
 *
 * @param kind    require / watch / onchanges / onfail / their _any and _all forms / prereq / listen; null for use
 * @param reverse true for the {@code _in} forms: the target gets the requisite on the declaring state
 * @param module  the module named, {@code null} for any module, {@code "sls"} for an SLS reference
 * @param target  ID or name (or SLS name)
 * @param pos     where it was written
 */
public record RequisiteRef(RequisiteKind kind, boolean reverse, String module, String target, SourcePos pos) {

    public boolean isSls() {
        return "sls".equals(module);
    }

    /** {@code use} / {@code use_in}: copy arguments, not a runtime requisite. */
    public boolean isUse() { return kind == null; }

    /** How it reads in the SLS, for messages: {@code require: pkg: nginx}. */
    public String describe() {
        return (kind == null ? "use" : kind.saltName()) + (reverse ? "_in" : "") + ": " + (module == null ? "" : module + ": ") + target;
    }
}
