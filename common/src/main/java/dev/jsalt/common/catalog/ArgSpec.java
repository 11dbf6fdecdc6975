package dev.jsalt.common.catalog;

/**
 * One declared argument of a state function (or a global state argument).
 *
 * @param name     as written in SLS
 * @param type     what its value must be
 * @param dflt     the default as Salt documents it ({@code None}, {@code True}, {@code '0644'}), or {@code required}
 * @param since    the Salt version that introduced it, or null (there from the start, or jsalt's own)
 * @param handling who deals with it
 * @param doc      one line: what it does in jsalt (and how it differs from Salt, if it does)
 */
public record ArgSpec(String name, ArgType type, String dflt, String since, Handling handling, String doc) {

    public boolean required() { return "required".equals(dflt); }

    public boolean supported() { return handling != Handling.UNSUPPORTED; }
}
