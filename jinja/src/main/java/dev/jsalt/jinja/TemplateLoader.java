package dev.jsalt.jinja;

import java.util.Map;
import java.util.Optional;

/**
 * Finds templates for {@code include}, {@code import}, {@code from ... import} and {@code extends}. The host
 * resolves the name (relative to {@code parent} if it wants, refusing {@code ..} escapes: throw a
 * {@link TemplateNotFound} or return empty) and returns the canonical name with the text. Called on every
 * lookup; parsing is cached by the environment on (name, source).
 */
@FunctionalInterface
public interface TemplateLoader {
    /**
     * @param name   the name as the template wrote it (already a string)
     * @param parent the name of the template doing the include/import, null for one made from a string
     * @return the template, or empty when there is none (Jinja2's TemplateNotFound)
     */
    Optional<TemplateSource> load(String name, String parent);

    /** A loader over an in-memory map of name to source (tests, small hosts). */
    static TemplateLoader ofMap(Map<String, String> templates) {
        Map<String, String> copy = Map.copyOf(templates);
        return (name, parent) -> Optional.ofNullable(copy.get(name)).map(src -> new TemplateSource(name, src));
    }

    /** The loader of an environment without one: every lookup fails. */
    TemplateLoader NONE = (name, parent) -> Optional.empty();
}
