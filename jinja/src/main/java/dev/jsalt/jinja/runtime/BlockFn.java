package dev.jsalt.jinja.runtime;

/** A template's compiled block: one entry of the block stacks in a Context (identity matters for super()). */
public final class BlockFn {
    final String name;
    final CompiledTemplate template;
    /** Runs the block's function with the context (writing into out). */
    final Runner runner;

    @FunctionalInterface
    public interface Runner {
        void run(Context ctx, Out out);
    }

    public BlockFn(String name, CompiledTemplate template, Runner runner) {
        this.name = name;
        this.template = template;
        this.runner = runner;
    }

    public String name() {
        return name;
    }
}
