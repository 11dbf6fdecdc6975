package dev.jsalt.master.compile.salt;

import dev.jsalt.common.json.Json;
import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.master.compile.render.Lookup;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Salt's Jinja filters (a first set: yaml, json, tojson, yaml_encode, yaml_dquote, traverse). */
public final class SaltFilters {
    private SaltFilters() {
    }

    public static void register(Environment.Builder b) {
        b.filter("yaml", c -> {
            Object[] a = c.bind("yaml", new String[] {"value", "flow_style"}, true);
            return new Markup(yaml(a[0], Py.truthy(a[1])));
        });
        b.filter("yaml_encode", c -> yaml(c.args().get(0), true));
        b.filter("json", c -> {
            Object[] a = c.bind("json", new String[] {"value", "sort_keys", "indent"}, true, null);
            return new Markup(Json.string(Py.truthy(a[1]) ? sorted(a[0]) : plain(a[0])));
        });
        b.filter("tojson", (JinjaCallable) c -> Json.string(plain(c.args().get(0)))
                .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027"));
        b.filter("yaml_dquote", c -> {
            DumperOptions o = new DumperOptions();
            o.setDefaultScalarStyle(DumperOptions.ScalarStyle.DOUBLE_QUOTED);
            o.setWidth(Integer.MAX_VALUE);
            return new Yaml(o).dump(Py.str(c.args().get(0))).strip();
        });
        b.filter("regex_replace", c -> {
            Object[] a = c.bind("regex_replace", new String[] {"txt", "rgx", "val", "ignorecase", "multiline"}, false, false);
            int flags = (Py.truthy(a[3]) ? java.util.regex.Pattern.CASE_INSENSITIVE : 0) | (Py.truthy(a[4]) ? java.util.regex.Pattern.MULTILINE : 0);
            return java.util.regex.Pattern.compile(Py.str(a[1]), flags).matcher(Py.str(a[0])).replaceAll(javaReplacement(Py.str(a[2])));
        });
        b.filter("traverse", c -> {
            Object[] a = c.bind("traverse", new String[] {"data", "key", "default", "delimiter"}, null, ":");
            return Lookup.path(a[0], Py.str(a[1]), Py.str(a[3]), a[2]);
        });
    }

    /** Python's re.sub replacement ({@code \\1}, {@code \\g<name>}) as Java's. */
    static String javaReplacement(String py) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < py.length(); i++) {
            char ch = py.charAt(i);
            if (ch == '$') {
                out.append("\\$");
            } else if (ch == '\\' && i + 1 < py.length()) {
                char n = py.charAt(++i);
                if (Character.isDigit(n)) {
                    out.append('$').append(n);
                } else if (n == 'g' && i + 1 < py.length() && py.charAt(i + 1) == '<') {
                    int end = py.indexOf('>', i);
                    String g = py.substring(i + 2, end);
                    out.append(g.chars().allMatch(Character::isDigit) ? "$" + g : "${" + g + "}");
                    i = end;
                } else if (n == 'n') {
                    out.append('\n');
                } else if (n == 't') {
                    out.append('\t');
                } else {
                    out.append("\\\\").append(n);
                }
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    static String yaml(Object value, boolean flow) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(flow ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK);
        String out = new Yaml(options).dump(sorted(value)).strip();
        if (out.endsWith("\n...")) out = out.substring(0, out.length() - 4);
        return out;
    }

    static Object plain(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(Py.str(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(plain(x));
            return out;
        }
        return v instanceof CharSequence cs ? cs.toString() : v;
    }

    static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(Py.str(k), sorted(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(sorted(x));
            return out;
        }
        return v instanceof CharSequence cs ? cs.toString() : v;
    }
}
