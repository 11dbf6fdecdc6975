package dev.jsalt.master.compile.render;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.loader.RelativePathResolver;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.MineView;
import jinjava.javax.el.CompositeELResolver;

import java.util.HashMap;
import java.util.Map;

/**
 * The Jinja half of the {@code jinja|yaml} pipeline (Jinjava). One instance is shared by all compiles: per-compile
 * state travels in the context ({@link RenderScope}). Errors become {@link CompileException}s with the file and line.
 *
 * <p>Templates see the variables the caller passes (grains, pillar, sls, ...) plus {@code salt} (see
 * {@link SaltFunctions}), {@code mine(target, key)}, {@code raise(msg)}, Salt's filters ({@link SaltFilters}) and tags
 * ({@link SaltTags}).
 */
public final class JinjaRenderer {
    private final Jinjava jinjava;

    public JinjaRenderer() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonMethods());
        resolver.add(JinjavaConfig.newBuilder().build().getElResolver());
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withElResolver(resolver)
                .withExecutionMode(StrictOutput.MODE)
                .withFailOnUnknownTokens(false)
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                .withMaxRenderDepth(10)
                .build();
        this.jinjava = new Jinjava(config);
        jinjava.setResourceLocator(new TreeLocator());
        Context globals = jinjava.getGlobalContext();
        SaltFilters.all().forEach(globals::registerFilter);
        SaltTags.all().forEach(globals::registerTag);
        JinjaGlobals.all().forEach(globals::registerFunction);
    }

    /**
     * Renders {@code text} (the content of {@code file}) with {@code vars}; {@code salt} is added from the grains and
     * pillar in {@code vars}.
     */
    @SuppressWarnings("unchecked")
    public String render(String file, String text, Map<String, Object> vars, RenderScope scope) {
        Map<String, Object> bindings = new HashMap<>(vars);
        Map<String, Object> grains = (Map<String, Object>) vars.getOrDefault("grains", Map.of());
        Map<String, Object> pillar = (Map<String, Object>) vars.getOrDefault("pillar", Map.of());
        MineView mine = scope.mine() == null ? MineView.EMPTY : scope.mine();
        bindings.put("salt", new SaltFunctions(grains, pillar, mine));
        bindings.put(RenderScope.KEY, scope);
        bindings.put(RelativePathResolver.CURRENT_PATH_CONTEXT_KEY, file);
        RenderResult result = jinjava.renderForResult(text, bindings);
        for (TemplateError e : result.getErrors()) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) throw toCompileException(file, e);
        }
        return result.getOutput();
    }

    private static Throwable rootCause(Throwable t) {
        if (t == null) return null;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    private static CompileException toCompileException(String file, TemplateError e) {
        String message = e.getMessage() == null ? "template error" : e.getMessage();
        // Jinjava prefixes exception class names ("InterpretException: ..."); the class is noise for a state author.
        message = message.replaceFirst("^[A-Za-z.]*(Exception|Error): ", "");
        Throwable root = rootCause(e.getException());
        if (root instanceof JinjaGlobals.Raised raised) {
            message = "raise: " + raised.getMessage();
        } else if (root instanceof TemplateFailure || root instanceof CompileException) {
            message = root.getMessage();
        } else if (root != null && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        message = message.replaceAll("\\s*\\n\\s*", " ").strip();
        int column = e.getStartPosition() > 0 ? e.getStartPosition() : 0;
        return new CompileException(file, Math.max(e.getLineno(), 0), column, "Jinja error: " + message);
    }
}
