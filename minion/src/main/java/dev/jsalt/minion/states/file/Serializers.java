package dev.jsalt.minion.states.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Salt's serializers as {@code file.serialize} calls them, producing the same bytes:
 * <ul>
 *   <li>{@code yaml}: PyYAML's {@code safe_dump(default_flow_style=False)}: keys sorted, block style, 2-space indent,
 *       sequences not indented under their key, strings quoted only when needed (single quotes; double quotes for
 *       non-ASCII and control characters), lines folded at 80 columns. SnakeYAML's emitter is a port of PyYAML's;
 *       only the representation differs and is adjusted here (no literal blocks, Python's float repr).</li>
 *   <li>{@code json}: {@code json.dumps(indent=2, separators=(',', ': '), sort_keys=True)}, ASCII only.</li>
 *   <li>{@code configparser} (also {@code ini}): {@code ConfigParser.write}: {@code [section]}, {@code key = value}
 *       with keys lower-cased, continuation lines indented by a tab, a blank line after each section.</li>
 *   <li>{@code plist}: {@code plistlib.dumps} (XML, keys sorted, tab indentation).</li>
 * </ul>
 * {@code file.serialize} adds a newline after yaml, json and configparser output (plist is bytes in Salt: none).
 */
final class Serializers {
    private Serializers() {
    }

    static String canonical(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "yaml" -> "yaml";
            case "json" -> "json";
            case "configparser", "ini" -> "configparser";
            case "plist" -> "plist";
            default -> null;
        };
    }

    /** The file's text for {@code data}. */
    static String serialize(String serializer, Object data) {
        return switch (serializer) {
            case "yaml" -> yaml(data) + "\n";
            case "json" -> json(data) + "\n";
            case "configparser" -> ini(data) + "\n";
            case "plist" -> plist(data);
            default -> throw new IllegalArgumentException("The " + serializer + " serializer could not be found.");
        };
    }

    /** Reads what the file holds (for merge_if_exists), or throws. */
    static Object deserialize(String serializer, String text) throws Exception {
        return switch (serializer) {
            case "yaml" -> new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            case "json" -> new ObjectMapper().readValue(text, Object.class);
            default -> throw new IllegalArgumentException("merge_if_exists is not supported for the " + serializer + " serializer");
        };
    }

    /** Salt's dictupdate.merge_recurse: a copy of {@code a} updated recursively with {@code b} (lists replaced). */
    @SuppressWarnings("unchecked")
    static Object merge(Object a, Object b) {
        if (!(a instanceof Map<?, ?> ma) || !(b instanceof Map<?, ?> mb)) return b;
        Map<Object, Object> out = new LinkedHashMap<>((Map<Object, Object>) ma);
        mb.forEach((k, v) -> out.put(k, out.containsKey(k) ? merge(out.get(k), v) : v));
        return out;
    }

    // ---- yaml

    static String yaml(Object data) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setWidth(80);
        o.setAllowUnicode(false);
        o.setSplitLines(true);
        o.setPrettyFlow(false);
        PyRepresenter rep = new PyRepresenter(o);
        String out = new Yaml(rep, o).dump(sorted(data));
        if (out.endsWith("\n...\n")) return out.substring(0, out.length() - 5);
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    /** Maps with sorted keys (PyYAML's sort_keys=True), recursively. */
    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> s = new TreeMap<>();
            m.forEach((k, x) -> s.put(String.valueOf(k), sorted(x)));
            return s;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(sorted(x));
            return out;
        }
        return v;
    }

    private static final class PyRepresenter extends Representer {
        PyRepresenter(DumperOptions o) {
            super(o);
            // PyYAML never picks a literal block on its own: plain, else quoted, as the emitter decides
            // (and PyYAML never writes a string with line breaks plain: quoted, single if it can)
            Represent str = data -> representScalar(Tag.STR, data.toString(), data.toString().matches("(?s).*[\n\r\u0085\u2028\u2029].*")
                    ? DumperOptions.ScalarStyle.SINGLE_QUOTED : DumperOptions.ScalarStyle.PLAIN);
            this.representers.put(String.class, str);
            Represent flt = data -> representScalar(Tag.FLOAT, yamlFloat(((Number) data).doubleValue()));
            this.representers.put(Double.class, flt);
            this.representers.put(Float.class, flt);
            this.representers.put(BigDecimal.class, data -> representScalar(Tag.FLOAT, yamlFloat(((BigDecimal) data).doubleValue())));
            this.multiRepresenters.put(Map.class, data -> representMapping(Tag.MAP, (Map<?, ?>) data, DumperOptions.FlowStyle.BLOCK));
        }

        @Override
        protected Node representMapping(Tag tag, Map<?, ?> mapping, DumperOptions.FlowStyle flowStyle) {
            return super.representMapping(tag, mapping, mapping.isEmpty() ? DumperOptions.FlowStyle.FLOW : flowStyle);
        }

        @Override
        protected Node representSequence(Tag tag, Iterable<?> sequence, DumperOptions.FlowStyle flowStyle) {
            boolean empty = !sequence.iterator().hasNext();
            return super.representSequence(tag, sequence, empty ? DumperOptions.FlowStyle.FLOW : flowStyle);
        }
    }

    /** PyYAML's represent_float. */
    static String yamlFloat(double d) {
        if (Double.isNaN(d)) return ".nan";
        if (Double.isInfinite(d)) return d > 0 ? ".inf" : "-.inf";
        String v = pyRepr(d).toLowerCase(Locale.ROOT);
        if (!v.contains(".") && v.contains("e")) v = v.replaceFirst("e", ".0e");
        return v;
    }

    /** Python's repr(float): the shortest digits, scientific below 1e-4 and from 1e16 on. */
    static String pyRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        String plain = bd.abs().toPlainString();
        if (!plain.contains(".")) plain += ".0";
        return sign + plain;
    }

    // ---- json

    static String json(Object data) {
        StringBuilder sb = new StringBuilder();
        json(sb, data, 0);
        return sb.toString();
    }

    private static void json(StringBuilder sb, Object v, int level) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            Map<String, Object> s = new TreeMap<>();
            m.forEach((k, x) -> s.put(k instanceof Boolean b ? (b ? "true" : "false") : k == null ? "null" : String.valueOf(k), x));
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<String, Object> e : s.entrySet()) {
                indent(sb, level + 1);
                jsonString(sb, e.getKey());
                sb.append(": ");
                json(sb, e.getValue(), level + 1);
                if (++i < s.size()) sb.append(',');
                sb.append('\n');
            }
            indent(sb, level);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                indent(sb, level + 1);
                json(sb, l.get(i), level + 1);
                if (i + 1 < l.size()) sb.append(',');
                sb.append('\n');
            }
            indent(sb, level);
            sb.append(']');
        } else if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : pyRepr(d));
        } else if (v instanceof Number || v instanceof BigInteger) {
            sb.append(v);
        } else {
            jsonString(sb, v.toString());
        }
    }

    private static void indent(StringBuilder sb, int level) {
        sb.append("  ".repeat(level));
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    // ---- configparser

    static String ini(Object data) {
        if (!(data instanceof Map<?, ?> sections)) {
            throw new IllegalArgumentException("configparser can only serialize dictionaries, not " + pyType(data));
        }
        StringBuilder defaults = new StringBuilder();
        StringBuilder rest = new StringBuilder();
        for (Map.Entry<?, ?> s : sections.entrySet()) {
            String name = String.valueOf(s.getKey());
            if (!(s.getValue() instanceof Map<?, ?> keys)) {
                throw new IllegalArgumentException("configparser: section " + name + " must be a mapping of keys");
            }
            StringBuilder sb = name.equals("DEFAULT") ? defaults : rest;
            sb.append('[').append(name).append("]\n");
            Map<String, String> opts = new LinkedHashMap<>();
            keys.forEach((k, v) -> opts.put(String.valueOf(k).toLowerCase(Locale.ROOT), v == null ? null : KeyValue.py(v)));
            opts.forEach((k, v) -> {
                if (v == null) {
                    sb.append(k).append('\n');
                } else {
                    sb.append(k).append(" = ").append(v.replace("\n", "\n\t")).append('\n');
                }
            });
            sb.append('\n');
        }
        return defaults.toString() + rest;
    }

    private static String pyType(Object v) {
        return v instanceof List ? "<class 'list'>" : v instanceof String ? "<class 'str'>" : "<class '" + (v == null ? "NoneType" : v.getClass().getSimpleName()) + "'>";
    }

    // ---- plist

    static String plist(Object data) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                + "<plist version=\"1.0\">\n");
        plist(sb, data, 0);
        sb.append("</plist>\n");
        return sb.toString();
    }

    private static void plist(StringBuilder sb, Object v, int level) {
        String in = "\t".repeat(level);
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append(in).append("<dict/>\n");
                return;
            }
            Map<String, Object> s = new TreeMap<>();
            m.forEach((k, x) -> s.put(String.valueOf(k), x));
            sb.append(in).append("<dict>\n");
            for (Map.Entry<String, Object> e : s.entrySet()) {
                if (e.getValue() == null) throw new IllegalArgumentException("plist cannot hold None (key " + e.getKey() + ")");
                sb.append(in).append("\t<key>").append(xml(e.getKey())).append("</key>\n");
                plist(sb, e.getValue(), level + 1);
            }
            sb.append(in).append("</dict>\n");
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append(in).append("<array/>\n");
                return;
            }
            sb.append(in).append("<array>\n");
            for (Object x : l) plist(sb, x, level + 1);
            sb.append(in).append("</array>\n");
        } else if (v instanceof Boolean b) {
            sb.append(in).append(b ? "<true/>" : "<false/>").append('\n');
        } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            sb.append(in).append("<real>").append(pyRepr(((Number) v).doubleValue())).append("</real>\n");
        } else if (v instanceof Number) {
            sb.append(in).append("<integer>").append(v).append("</integer>\n");
        } else if (v == null) {
            throw new IllegalArgumentException("plist cannot hold None");
        } else {
            sb.append(in).append("<string>").append(xml(v.toString())).append("</string>\n");
        }
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
