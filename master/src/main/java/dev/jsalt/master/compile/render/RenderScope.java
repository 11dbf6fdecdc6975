package dev.jsalt.master.compile.render;

import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.salt.MinionCalls;
import dev.jsalt.master.statetree.StateTree;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * What one minion's compile renders with besides template variables: the tree templates import from, the compile's
 * secrets, the mine, and the minion's answers to functions Salt runs on the minion. {@code tree} is null where
 * templates have nothing to import from (a runbook).
 *
 * <p>Filters and tags of the shared engine find the scope of the render they run in through {@link #current()}: a
 * render happens on one thread, start to end, and nested renders (a file template rendered from an SLS compile,
 * {@code import_yaml}) push their own.
 */
public record RenderScope(StateTree tree, Secrets secrets, MineView mine, MinionCalls minion) {
    private static final ThreadLocal<Deque<RenderScope>> CURRENT = ThreadLocal.withInitial(ArrayDeque::new);

    public RenderScope(StateTree tree, Secrets secrets, MineView mine) {
        this(tree, secrets, mine, MinionCalls.refuse("this template is not compiled for a minion"));
    }

    /** What an import, include or {@code import_yaml} of {@code path} reads; refused when this render has no tree. */
    Optional<byte[]> read(String path) {
        if (tree == null) {
            throw new dev.jsalt.jinja.TemplateRuntimeError("cannot import '" + path + "': only state and pillar files import from a tree");
        }
        return tree.read(path);
    }

    /** The scope of the render running on this thread. */
    static RenderScope current() {
        RenderScope s = CURRENT.get().peek();
        if (s == null) throw new IllegalStateException("template rendered outside a jsalt compile");
        return s;
    }

    /** Makes this the current scope until the returned handle is closed. */
    Entered enter() {
        CURRENT.get().push(this);
        return () -> CURRENT.get().pop();
    }

    interface Entered extends AutoCloseable {
        @Override
        void close();
    }
}
