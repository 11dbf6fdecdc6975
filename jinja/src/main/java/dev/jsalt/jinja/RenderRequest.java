package dev.jsalt.jinja;

import java.util.Map;

/**
 * One render's inputs beyond the template: the variables ({@code render(**vars)}), extra template globals
 * (Jinja2's {@code template.globals.update(...)}: Salt passes its whole context there too, which is what lets
 * an imported {@code map.jinja} see {@code grains}), and optionally a loader, cancel token and limits replacing
 * the environment's for this render.
 */
public record RenderRequest(Map<String, ?> vars, Map<String, ?> globals, TemplateLoader loader, CancelToken cancel, Limits limits,
                            Map<String, Object> environmentGlobals) {
    public RenderRequest(Map<String, ?> vars, Map<String, ?> globals, TemplateLoader loader, CancelToken cancel, Limits limits) {
        this(vars, globals, loader, cancel, limits, null);
    }

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
        return new RenderRequest(vars, g, loader, cancel, limits, environmentGlobals);
    }

    public RenderRequest withLoader(TemplateLoader l) {
        return new RenderRequest(vars, globals, l, cancel, limits, environmentGlobals);
    }

    public RenderRequest withCancel(CancelToken c) {
        return new RenderRequest(vars, globals, loader, c, limits, environmentGlobals);
    }

    public RenderRequest withLimits(Limits l) {
        return new RenderRequest(vars, globals, loader, cancel, l, environmentGlobals);
    }

    /**
     * Salt's exact way: {@code jinja_env.globals.update(context)} on an environment made for this one render, then
     * {@code render(**context)}. {@code globals} is used live as the environment-level globals of this render (over the
     * environment's own): imported templates see it as it is when they are loaded, which is how Salt's loader makes an
     * imported {@code map.jinja} see its own {@code tpldir}. The host may change {@code globals} from its loader.
     */
    public static RenderRequest saltEnvironment(Map<String, Object> context, Map<String, Object> globals) {
        return new RenderRequest(context, null, null, null, null, globals);
    }

    public RenderRequest withEnvironmentGlobals(Map<String, Object> g) {
        return new RenderRequest(vars, globals, loader, cancel, limits, g);
    }
}
