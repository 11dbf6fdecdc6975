package dev.jsalt.common.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A YAML mapping read with node positions, so every complaint names the file, line and key. Unknown keys are
 * errors (with a "did you mean" when one is close): a mistyped key silently ignored is how outages start.
 */
public final class ConfigFile {
    private final String fileName;
    private final MappingNode node;
    private final String prefix;

    private ConfigFile(String fileName, MappingNode node, String prefix) {
        this.fileName = fileName;
        this.node = node;
        this.prefix = prefix;
    }

    public static ConfigFile load(Path file) {
        String name = file.toString();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions opts = YamlBounds.options();
            Node root = new Yaml(new SafeConstructor(opts)).compose(r);
            YamlBounds.check(root);
            if (root == null) return new ConfigFile(name, null, "");
            if (!(root instanceof MappingNode m)) {
                throw new ConfigException(at(name, root.getStartMark()) + "expected a mapping of settings");
            }
            checkDuplicates(name, m);
            return new ConfigFile(name, m, "");
        } catch (YamlBounds.Exceeded e) {
            throw new ConfigException(at(name, e.mark()) + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": no such file");
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(at(name, m) + "YAML syntax error: " + problem.replace('\n', ' '));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new ConfigException(name + ": YAML error: " + String.valueOf(e.getMessage()).replace('\n', ' '));
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read: " + e.getMessage());
        }
    }

    public String fileName() { return fileName; }

    /** A key given twice is a mistake whichever copy was meant; say so instead of silently taking one. */
    private static void checkDuplicates(String file, Node node) {
        if (node instanceof MappingNode m) {
            java.util.Map<String, Mark> seen = new java.util.HashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    Mark first = seen.putIfAbsent(k.getValue(), k.getStartMark());
                    if (first != null) {
                        throw new ConfigException(at(file, k.getStartMark()) + "duplicate key '" + k.getValue()
                                + "' (first set on line " + (first.getLine() + 1) + ")");
                    }
                }
                checkDuplicates(file, t.getValueNode());
            }
        } else if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode s) {
            for (Node n : s.getValue()) checkDuplicates(file, n);
        }
    }

    /** Fails on the first key not in {@code allowed}. */
    public ConfigFile allowOnly(Collection<String> allowed) {
        if (node == null) return this;
        for (NodeTuple t : node.getValue()) {
            String key = keyOf(t);
            if (!allowed.contains(key)) {
                String hint = Suggest.closest(key, allowed).map(s -> " (did you mean '" + prefix + s + "'?)").orElse("");
                throw new ConfigException(at(fileName, t.getKeyNode().getStartMark()) + "unknown key '" + prefix + key + "'" + hint);
            }
        }
        return this;
    }

    public boolean has(String key) { return find(key) != null; }

    /** The keys of this mapping in file order (empty when absent): for sections whose keys are names (providers, profiles). */
    public java.util.List<String> keys() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (node != null) for (NodeTuple t : node.getValue()) out.add(keyOf(t));
        return out;
    }

    /** "file:line:col: " of {@code key} itself (where a name is defined), for callers reporting a clash of names. */
    public String whereKey(String key) {
        NodeTuple t = find(key);
        return t == null ? fileName + ": " : at(fileName, t.getKeyNode().getStartMark());
    }

    public String string(String key, String def) {
        NodeTuple t = find(key);
        if (t == null) return def;
        if (!(t.getValueNode() instanceof ScalarNode s)) throw wrongType(t, "a string");
        return s.getValue();
    }

    public String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            throw new ConfigException(fileName + ": missing required key '" + prefix + key + "'");
        }
        return v;
    }

    public int integer(String key, int def, int min, int max) {
        NodeTuple t = find(key);
        if (t == null) return def;
        if (!(t.getValueNode() instanceof ScalarNode s)) throw wrongType(t, "a number");
        try {
            int v = Integer.parseInt(s.getValue().strip());
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(at(fileName, t.getValueNode().getStartMark()) + "'" + prefix + key
                    + "' must be a number from " + min + " to " + max + ", got '" + s.getValue() + "'");
        }
    }

    public boolean bool(String key, boolean def) {
        NodeTuple t = find(key);
        if (t == null) return def;
        if (t.getValueNode() instanceof ScalarNode s) {
            String v = s.getValue().strip().toLowerCase(java.util.Locale.ROOT);
            if (v.equals("true") || v.equals("yes") || v.equals("on")) return true;
            if (v.equals("false") || v.equals("no") || v.equals("off")) return false;
        }
        throw wrongType(t, "true or false");
    }

    /** A nested mapping as its own ConfigFile (errors then name {@code parent.key}). Empty if absent. */
    public ConfigFile section(String key) {
        NodeTuple t = find(key);
        if (t == null) return new ConfigFile(fileName, null, prefix + key + ".");
        if (!(t.getValueNode() instanceof MappingNode m)) throw wrongType(t, "a mapping");
        return new ConfigFile(fileName, m, prefix + key + ".");
    }

    /** A nested value as plain Java (maps, lists, strings, numbers, booleans). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> plainMap(String key) {
        NodeTuple t = find(key);
        if (t == null) return Map.of();
        if (!(t.getValueNode() instanceof MappingNode)) throw wrongType(t, "a mapping");
        Object v = toJava(t);
        return v == null ? Map.of() : new LinkedHashMap<>((Map<String, Object>) v);
    }

    /** A nested list as plain Java values; empty if absent. */
    @SuppressWarnings("unchecked")
    public java.util.List<Object> list(String key) {
        NodeTuple t = find(key);
        if (t == null) return java.util.List.of();
        if (!(t.getValueNode() instanceof org.yaml.snakeyaml.nodes.SequenceNode)) throw wrongType(t, "a list");
        Object v = toJava(t);
        return v == null ? java.util.List.of() : (java.util.List<Object>) v;
    }

    /** The value of {@code t} as plain Java; a value its tag cannot construct (e.g. {@code !!int abc}) names its line. */
    private Object toJava(NodeTuple t) {
        try {
            return new NodeConverter().toJava(t.getValueNode());
        } catch (RuntimeException e) { // a YAMLException, or what the tag's constructor threw (NumberFormatException, ...)
            Mark m = e instanceof MarkedYAMLException y && y.getProblemMark() != null ? y.getProblemMark() : t.getValueNode().getStartMark();
            String problem = e instanceof MarkedYAMLException y && y.getProblem() != null ? y.getProblem() : String.valueOf(e.getMessage());
            throw new ConfigException(at(fileName, m) + "'" + prefix + keyOf(t) + "': cannot read this value: " + problem.replace('\n', ' '));
        }
    }

    /** "file:line:col: " for the value of {@code key}, for callers validating values themselves. */
    public String where(String key) {
        NodeTuple t = find(key);
        return t == null ? fileName + ": " : at(fileName, t.getValueNode().getStartMark());
    }

    public String qualified(String key) { return prefix + key; }

    private NodeTuple find(String key) {
        if (node == null) return null;
        for (NodeTuple t : node.getValue()) {
            if (key.equals(keyOf(t))) return t;
        }
        return null;
    }

    private String keyOf(NodeTuple t) {
        if (t.getKeyNode() instanceof ScalarNode s) return s.getValue();
        throw new ConfigException(at(fileName, t.getKeyNode().getStartMark()) + "keys must be plain names");
    }

    private ConfigException wrongType(NodeTuple t, String expected) {
        return new ConfigException(at(fileName, t.getValueNode().getStartMark()) + "'" + prefix + keyOf(t) + "' must be " + expected);
    }

    /** Turns a composed node back into plain Java values. */
    private static final class NodeConverter extends SafeConstructor {
        NodeConverter() {
            super(new LoaderOptions());
        }

        Object toJava(Node n) {
            return constructDocument(n);
        }
    }

    static String at(String file, Mark m) {
        return m == null ? file + ": " : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": ";
    }
}
