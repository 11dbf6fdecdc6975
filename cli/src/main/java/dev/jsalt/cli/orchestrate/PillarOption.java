package dev.jsalt.cli.orchestrate;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CLI's {@code --pillar YAML} (Salt's {@code pillar='{...}'}): one inline YAML mapping. Parsed with the safe
 * constructor, so tags such as {@code !secret} are refused: an override is plain data that ends up in the job record.
 */
public final class PillarOption {
    private PillarOption() {
    }

    /** The mapping, or an empty map for null/blank; {@link IllegalArgumentException} names what is wrong. */
    public static Map<String, Object> parse(String yaml) {
        if (yaml == null || yaml.isBlank()) return Map.of();
        Object v;
        try {
            v = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            // The first line of SnakeYAML's message is only the context ("while parsing a flow sequence"); the problem
            // and where it is are what the user needs.
            Mark at = e.getProblemMark();
            String problem = e.getProblem() != null ? e.getProblem() : firstLine(e.getMessage());
            throw new IllegalArgumentException("--pillar is not YAML: " + problem
                    + (at == null ? "" : " (line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ")"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--pillar is not YAML: " + firstLine(e.getMessage()));
        }
        if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException("--pillar must be a mapping, e.g. '{phase: cutover}'");
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), x));
        return out;
    }

    private static String firstLine(String message) {
        return String.valueOf(message).lines().findFirst().orElse("");
    }
}
