package dev.jsalt.master.compile.render;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.JinjaException;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.RenderRequest;
import dev.jsalt.jinja.Template;
import dev.jsalt.jinja.TemplateNotFound;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.UndefinedError;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.salt.SaltContext;
import dev.jsalt.master.compile.salt.SaltFilters;
import dev.jsalt.master.compile.salt.SaltModules;
import dev.jsalt.master.compile.salt.SaltTests;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Jinja half of the {@code jinja|yaml} pipeline, rendering as Salt 3006 does (module {@code jinja}: a port of
 * Jinja2 3.1 in Salt's sandboxed, strict-undefined environment). Per render, like Salt's {@code render_jinja_tmpl}: the
 * context becomes the environment's globals and the render variables, Salt's loader serves imports from the compile's
 * tree, and one trailing newline of the source is kept. One engine serves every compile; per-render state travels in
 * the request and in {@link RenderScope#current()}.
 *
 * <p>Templates see the variables the caller passes (grains, pillar, sls, tpldir, ...) plus {@code salt} (Salt's
 * functions, see {@link SaltModules}), jsalt's {@code mine(target, key)}, Salt's globals ({@code raise}, {@code odict})
 * and Salt's filters, tests and tags. Errors become {@link CompileException}s naming the template and line.
 */
public final class JinjaRenderer {
    private static final JinjaCallable RAISE = c -> {
        throw new Raised(Py.str(c.args().isEmpty() ? "" : c.args().get(0)));
    };

    private static final JinjaCallable ODICT = c -> {
        PyDict d = new PyDict();
        if (!c.args().isEmpty() && c.args().get(0) instanceof Map<?, ?> m) m.forEach((k, v) -> d.put(k, v));
        c.kwargs().forEach(d::put);
        return d;
    };

    private static final Environment ENV = build();

    private static Environment build() {
        Environment.Builder b = Environment.builder();
        SaltFilters.register(b);
        SaltTests.register(b);
        SaltLoadFilters.register(b);
        return b.extension(SaltTags.IMPORTS).extension(SaltTags.LOADS).extension(SaltTags.PROFILE)
                .global("raise", RAISE)
                .global("odict", ODICT)
                .build();
    }

    /** The template's own error from Salt's {@code raise()}, reported as written. */
    static final class Raised extends RuntimeException {
        Raised(String message) {
            super(message);
        }
    }

    /**
     * Renders {@code text} (the content of {@code file}) with {@code vars}; {@code salt} and {@code mine} are added from
     * the grains, pillar and opts in {@code vars} and the scope.
     */
    @SuppressWarnings("unchecked")
    public String render(String file, String text, Map<String, Object> vars, RenderScope scope) {
        Map<String, Object> context = new LinkedHashMap<>(vars);
        Map<String, Object> grains = (Map<String, Object>) vars.getOrDefault("grains", Map.of());
        Map<String, Object> pillar = (Map<String, Object>) vars.getOrDefault("pillar", Map.of());
        Map<String, Object> opts = (Map<String, Object>) vars.getOrDefault("opts", Map.of());
        MineView mine = scope.mine() == null ? MineView.EMPTY : scope.mine();
        String minionId = String.valueOf(grains.getOrDefault("id", opts.getOrDefault("id", "")));
        context.put("salt", SaltModules.salt(new SaltContext(minionId, grains, pillar, opts, mine, scope.tree(), scope.minion())));
        context.put("mine", (JinjaCallable) c -> mine.get(Py.str(c.args().get(0)), Py.str(c.args().get(1))));
        // Salt: jinja_env.globals.update(context) on an environment of this render; its loader then writes each
        // loaded template's tpldir/tplfile/tpldot there.
        Map<String, Object> globals = new HashMap<>(context);
        try (RenderScope.Entered ignored = scope.enter()) {
            Template template = ENV.fromString(text, file);
            String out = template.render(RenderRequest.saltEnvironment(context, globals).withLoader(new TreeLoader(scope, globals))
                    .withCancel(dev.jsalt.master.compile.CompileControl.current().renderToken()));
            // Jinja2's lexer drops the one trailing newline; Salt puts it back.
            return text.endsWith("\n") ? out + "\n" : out;
        } catch (JinjaException e) {
            // cancelled because the client went away: the compile ends as cancelled, not as a template error
            if (e instanceof dev.jsalt.jinja.RenderCancelledError) dev.jsalt.master.compile.CompileControl.current().check();
            throw toCompileException(file, text, scope, e);
        }
    }

    private static CompileException toCompileException(String file, String text, RenderScope scope, JinjaException e) {
        String where = e.templateName() != null ? e.templateName() : file;
        Throwable cause = e.getCause();
        String message;
        if (cause instanceof Raised r) {
            message = "raise: " + r.getMessage();
        } else if (cause instanceof CompileException ce) {
            message = ce.getMessage();
        } else if (e instanceof TemplateNotFound nf && nf.names().contains(nf.getMessage())) {
            message = "template '" + nf.getMessage() + "' not found in the state tree";
        } else {
            message = e.getMessage();
        }
        message = message == null ? e.pythonClass() : message.replaceAll("\\s*\\n\\s*", " ").strip();
        if (e instanceof UndefinedError || e instanceof PythonError) {
            // Jinja2 names the value, not the expression ('dict object' has no attribute 'x'): quote the line.
            String line = sourceLine(where.equals(file) ? text : read(scope, where), e.line());
            if (line != null) message = message + " in '" + line + "'";
        }
        if (!where.equals(file)) message = message + " (rendering " + file + ")";
        return new CompileException(where, Math.max(e.line(), 0), 0, "Jinja error: " + message, e);
    }

    private static String read(RenderScope scope, String path) {
        try {
            return scope.tree() == null ? null : scope.tree().read(path).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String sourceLine(String text, int line) {
        if (text == null || line < 1) return null;
        String[] lines = text.split("\n", -1);
        if (line > lines.length) return null;
        String l = lines[line - 1].strip();
        return l.length() > 120 ? l.substring(0, 117) + "..." : l;
    }

    /** A host failure with a message for the template's author (what Salt raises as SaltRenderError). */
    public static TemplateRuntimeError fail(String message) {
        return new TemplateRuntimeError(message);
    }
}
