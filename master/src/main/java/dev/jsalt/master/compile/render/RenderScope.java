package dev.jsalt.master.compile.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.statetree.StateTree;

import java.util.Optional;

/**
 * What one render needs besides template variables: the tree templates import from, the compile's secrets, the
 * mine. It rides in the Jinja context under a key no template can spell ({@code jsalt:scope}), so one shared
 * Jinjava instance serves every compile. {@code tree} is null where templates have nothing to import from (a runbook).
 */
public record RenderScope(StateTree tree, Secrets secrets, MineView mine) {
    static final String KEY = "jsalt:scope";

    /** What an import, include or {@code import_yaml} of {@code path} reads; refused when this render has no tree. */
    Optional<byte[]> read(String path) {
        if (tree == null) throw new TemplateFailure("cannot import '" + path + "': only state and pillar files import from a tree");
        return tree.read(path);
    }

    static RenderScope of(JinjavaInterpreter interpreter) {
        Object scope = interpreter.getContext().get(KEY);
        if (scope instanceof RenderScope s) return s;
        throw new IllegalStateException("template rendered outside a jsalt compile");
    }

    static RenderScope current() {
        return of(JinjavaInterpreter.getCurrent());
    }
}
