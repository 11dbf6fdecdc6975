package dev.jsalt.master.compile.render;

import dev.jsalt.common.json.Json;
import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.runtime.TemplateModule;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.master.compile.CompileException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The parsing half of Salt's {@code SerializerExtension}: {@code load_yaml}, {@code load_json}, {@code load_text}, as
 * filters and behind the {@code import_*}/{@code load_*} tags ({@link SaltTags}). A module from {@code import_yaml}
 * is its rendered text ({@code str(module)} in Salt). YAML is read as Salt's loader reads it ({@link SlsYaml}),
 * {@code !secret} included, so an imported defaults file can hold secrets like a pillar file.
 */
final class SaltLoadFilters {
    private SaltLoadFilters() {
    }

    static void register(Environment.Builder b) {
        b.filter("load_yaml", LOAD_YAML).filter("load_json", LOAD_JSON).filter("load_text", LOAD_TEXT);
    }

    private static String text(Object v) {
        if (v instanceof TemplateModule m) return m.body();
        return Py.str(v);
    }

    private static String source(Object v) {
        return v instanceof TemplateModule m && m.name() != null ? m.name() : "load_yaml";
    }

    static final JinjaCallable LOAD_TEXT = c -> c.args().get(0) instanceof TemplateModule m ? m.body() : c.args().get(0);

    static final JinjaCallable LOAD_YAML = c -> {
        Object v = c.args().get(0);
        if (!(v instanceof TemplateModule) && !Py.isStr(v)) {
            throw new TemplateRuntimeError("Unable to load yaml from " + Py.str(v));
        }
        try {
            SlsYaml yaml = new SlsYaml(source(v), RenderScope.current().secrets());
            Node node = yaml.parse(text(v), false);
            return node == null ? null : yaml.value(node);
        } catch (CompileException e) {
            throw new TemplateRuntimeError("Encountered error loading yaml: " + e.getMessage());
        }
    };

    static final JinjaCallable LOAD_JSON = c -> {
        Object v = c.args().get(0);
        try {
            return Json.mapper().readValue(text(v), Object.class);
        } catch (Exception e) {
            throw new TemplateRuntimeError("Unable to load json from " + (v instanceof TemplateModule m && m.name() != null ? m.name()
                    : Py.str(v)) + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    };
}
