package dev.jsalt.jinja;

import java.util.Map;

/**
 * One render's inputs beyond the template: the variables ({@code render(**vars)}), extra template globals
 * (Jinja2's {@code template.globals.update(...)}: Salt passes its whole context there too, which is what lets
 * an imported {@code map.jinja} see {@code grains}), and optionally a loader, cancel token and limits replacing
 * the environment's for this render.
 */
public record RenderRequest(Map<String, ?> vars, Map<String, ?> globals, TemplateLoader loader, CancelToken cancel, Limits limits) {
    public RenderRequest {
        vars = vars == null ? Map.of() : vars;
        globals = globals == null ? Map.of() : globals;
    }

    public static RenderRequest of(Map<String, ?> vars) {
        return new RenderRequest(vars, null, null, null, null);
    }

    /** Salt's way: the variables are also the template's globals. */
    public static RenderRequest salt(Map<String, ?> context) {
        return new RenderRequest(context, context, null, null, null);
    }

    public RenderRequest withGlobals(Map<String, ?> g) {
        return new RenderRequest(vars, g, loader, cancel, limits);
    }

    public RenderRequest withLoader(TemplateLoader l) {
        return new RenderRequest(vars, globals, l, cancel, limits);
    }

    public RenderRequest withCancel(CancelToken c) {
        return new RenderRequest(vars, globals, loader, c, limits);
    }

    public RenderRequest withLimits(Limits l) {
        return new RenderRequest(vars, globals, loader, cancel, l);
    }
}
