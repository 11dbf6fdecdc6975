package dev.jsalt.jinja.ext;

import dev.jsalt.jinja.ast.Nodes;
import dev.jsalt.jinja.parser.Parser;

import java.util.List;
import java.util.Set;

/**
 * A custom tag, as a Jinja2 extension: {@link #parse} is called with the parser positioned on the tag's name
 * token and returns the statements the tag stands for, built from {@link Nodes} (use
 * {@link Nodes.HostCall} to call back into Java at render time). The parser is left on the tag's block end,
 * exactly as Jinja2's {@code Extension.parse} contract says.
 */
public interface TagExtension {
    /** The tag names this extension parses ({@code import_yaml}, {@code load_yaml}, ...). */
    Set<String> tags();

    List<Nodes.Stmt> parse(Parser parser);
}
