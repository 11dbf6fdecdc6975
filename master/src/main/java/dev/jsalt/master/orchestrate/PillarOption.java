package dev.jsalt.master.orchestrate;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

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
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--pillar is not YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException("--pillar must be a mapping, e.g. '{phase: cutover}'");
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), x));
        return out;
    }
}
