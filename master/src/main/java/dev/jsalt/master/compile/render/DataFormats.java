package dev.jsalt.master.compile.render;

import dev.jsalt.common.json.Json;
import dev.jsalt.master.compile.CompileException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** YAML/JSON conversions shared by the filters and tags; secrets stay tokens in every output. */
final class DataFormats {
    private DataFormats() {
    }

    /** Salt's {@code yaml} filter: flow-style YAML on one line, no document end marker. */
    static String yaml(Object value, boolean flow) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(flow ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK);
        options.setWidth(Integer.MAX_VALUE);
        String out = new Yaml(options).dump(plain(value)).strip();
        if (out.endsWith("\n...")) out = out.substring(0, out.length() - 4).strip();
        if (out.endsWith("...")) out = out.substring(0, out.length() - 3).strip();
        return out;
    }

    static String yamlDoubleQuoted(Object value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultScalarStyle(DumperOptions.ScalarStyle.DOUBLE_QUOTED);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(String.valueOf(plain(value))).strip();
    }

    static String json(Object value) {
        return Json.string(value);
    }

    static Object loadYaml(String text, String what, Secrets secrets) {
        SlsYaml yaml = new SlsYaml(what, secrets);
        Node node = yaml.parse(text, false);
        return node == null ? null : yaml.value(node);
    }

    static Object loadJson(String text, String what) {
        try {
            return Json.mapper().readValue(text, Object.class);
        } catch (Exception e) {
            throw new CompileException(what, 0, 0, "bad JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Copies maps/lists to plain Java collections and secrets to their tokens, so SnakeYAML can dump them. */
    static Object plain(Object value) {
        if (value instanceof Secret s) return s.token();
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(plain(k), plain(v)));
            return out;
        }
        if (value instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            for (Object v : it) out.add(plain(v));
            return out;
        }
        if (value instanceof CharSequence cs) return cs.toString();
        return value;
    }
}
