package dev.jsalt.master.compile.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.statetree.StateTree;

/**
 * What one render needs besides template variables: the tree templates import from, the compile's secrets, the
 * mine. It rides in the Jinja context under a key no template can spell ({@code jsalt:scope}), so one shared
 * Jinjava instance serves every compile.
 */
public record RenderScope(StateTree tree, Secrets secrets, MineView mine) {
    static final String KEY = "jsalt:scope";

    static RenderScope of(JinjavaInterpreter interpreter) {
        Object scope = interpreter.getContext().get(KEY);
        if (scope instanceof RenderScope s) return s;
        throw new IllegalStateException("template rendered outside a jsalt compile");
    }

    static RenderScope current() {
        return of(JinjavaInterpreter.getCurrent());
    }
}
