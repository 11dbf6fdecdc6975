package dev.jsalt.master.compile.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

import java.util.List;
import java.util.Map;

/**
 * Salt's Jinja filters that formulas rely on: {@code yaml}, {@code json}, {@code tojson}, {@code yaml_encode},
 * {@code yaml_dquote}, {@code load_yaml}, {@code load_json}, {@code traverse}.
 */
final class SaltFilters {
    private SaltFilters() {
    }

    /** A filter whose arguments arrive as objects (Jinjava's String form loses dict/list defaults). */
    interface Body {
        Object apply(Object value, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs);
    }

    record Named(String name, Body body) implements Filter {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            return body.apply(var, interpreter, args == null ? new Object[0] : args, kwargs == null ? Map.of() : kwargs);
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, (Object[]) args, Map.of());
        }
    }

    static List<Filter> all() {
        return List.of(
                new Named("yaml", (v, in, a, kw) -> DataFormats.yaml(v, flowStyle(a, kw))),
                new Named("yaml_encode", (v, in, a, kw) -> DataFormats.yaml(v, true)),
                new Named("yaml_dquote", (v, in, a, kw) -> DataFormats.yamlDoubleQuoted(v)),
                new Named("json", (v, in, a, kw) -> DataFormats.json(v)),
                new Named("tojson", (v, in, a, kw) -> DataFormats.json(v)),
                new Named("load_yaml", (v, in, a, kw) -> DataFormats.loadYaml(String.valueOf(v), "load_yaml", RenderScope.of(in).secrets())),
                new Named("load_json", (v, in, a, kw) -> DataFormats.loadJson(String.valueOf(v), "load_json")),
                new Named("traverse", (v, in, a, kw) -> {
                    if (a.length < 1) throw new TemplateFailure("traverse needs a key path, e.g. traverse('a:b')");
                    Object fallback = a.length > 1 ? a[1] : kw.get("default");
                    String delimiter = a.length > 2 ? String.valueOf(a[2]) : String.valueOf(kw.getOrDefault("delimiter", ":"));
                    return Lookup.path(v, String.valueOf(a[0]), delimiter, fallback);
                }));
    }

    private static boolean flowStyle(Object[] args, Map<String, Object> kwargs) {
        Object flow = args.length > 0 ? args[0] : kwargs.getOrDefault("flow_style", true);
        return !(Boolean.FALSE.equals(flow) || "false".equalsIgnoreCase(String.valueOf(flow)));
    }
}
