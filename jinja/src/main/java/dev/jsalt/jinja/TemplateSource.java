package dev.jsalt.jinja;

/**
 * What a loader returns: the template's canonical name (the name errors show and the cache keys on, after the
 * host resolved relative paths) and its text.
 */
public record TemplateSource(String name, String source) {
    public TemplateSource {
        if (name == null || source == null) {
            throw new IllegalArgumentException("name and source are required");
        }
    }
}
