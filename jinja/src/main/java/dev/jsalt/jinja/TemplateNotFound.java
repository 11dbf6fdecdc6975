package dev.jsalt.jinja;

import java.util.List;

/**
 * The loader has no template by that name ({@code TemplateNotFound}), or none of several
 * ({@code TemplatesNotFound}: {@code none of the templates given were found: a, b}).
 */
public final class TemplateNotFound extends JinjaException {
    private final List<String> names;
    private final boolean several;

    public TemplateNotFound(String message, List<String> names, boolean several) {
        super(message);
        this.names = List.copyOf(names);
        this.several = several;
    }

    /** The names that were looked up. */
    public List<String> names() {
        return names;
    }

    @Override
    public String pythonClass() {
        return several ? "TemplatesNotFound" : "TemplateNotFound";
    }
}
