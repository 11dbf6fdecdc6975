package dev.jsalt.jinja.runtime;

import dev.jsalt.jinja.value.Missing;

import java.util.Arrays;
import java.util.Map;

/**
 * One activation of a compiled function: its local variables (Jinja2's {@code l_<level>_<name>} locals, in
 * slots fixed at compile time), the enclosing activation (a macro's closure), and the context it runs in.
 */
public final class Frame {
    public final Object[] slots;
    public final Frame outer;
    public final Context ctx;
    public final RenderState state;
    /** Jinja2's {@code _loop_vars} of this activation (names set in the current loop iteration). */
    public Map<String, Object> loopVars;
    /** Jinja2's {@code _block_vars}. */
    public Map<String, Object> blockVars;
    /** Jinja2's {@code parent_template} local of a root function. */
    public CompiledTemplate parentTemplate;

    public Frame(int slots, Frame outer, Context ctx) {
        this.slots = new Object[slots];
        Arrays.fill(this.slots, Missing.MISSING);
        this.outer = outer;
        this.ctx = ctx;
        this.state = ctx.state();
    }

    /** The activation {@code hops} closures out. */
    public Frame up(int hops) {
        Frame f = this;
        for (int i = 0; i < hops; i++) {
            f = f.outer;
        }
        return f;
    }
}
