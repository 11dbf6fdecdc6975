package dev.jsalt.jinja.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed and compiled template: immutable, shared by every render and thread. Its root function and blocks
 * are closures over {@link Frame}s created per render.
 */
public final class CompiledTemplate {
    private final String name;
    private final String source;
    private RootRunner root;
    private final Map<String, BlockFn> blocks = new LinkedHashMap<>();

    @FunctionalInterface
    public interface RootRunner {
        void run(Context ctx, Out out);
    }

    public CompiledTemplate(String name, String source) {
        this.name = name;
        this.source = source;
    }

    /** Called once by the compiler. */
    public void init(RootRunner root) {
        this.root = root;
    }

    public void addBlock(BlockFn block) {
        blocks.put(block.name, block);
    }

    public String name() {
        return name;
    }

    public String source() {
        return source;
    }

    public Map<String, BlockFn> blocks() {
        return blocks;
    }

    /** Runs the root render function. */
    public void root(Context ctx, Out out) {
        root.run(ctx, out);
    }
}
