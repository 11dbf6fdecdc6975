package dev.jsalt.jinja.ext;

import dev.jsalt.jinja.ast.Nodes;
import dev.jsalt.jinja.lexer.Token;
import dev.jsalt.jinja.parser.Parser;

import java.util.List;
import java.util.Set;

/** The extensions Salt enables: jinja2.ext.do and jinja2.ext.loopcontrols. */
public final class BuiltinExtensions {
    private BuiltinExtensions() {
    }

    /** {@code {% do expr %}}: evaluates, prints nothing. */
    public static final TagExtension DO = new TagExtension() {
        @Override
        public Set<String> tags() {
            return Set.of("do");
        }

        @Override
        public List<Nodes.Stmt> parse(Parser parser) {
            int lineno = parser.stream().next().lineno();
            return List.of(new Nodes.ExprStmt(parser.parseTuple(false, true, null, false), lineno));
        }
    };

    /** {@code {% break %}} and {@code {% continue %}}. */
    public static final TagExtension LOOP_CONTROLS = new TagExtension() {
        @Override
        public Set<String> tags() {
            return Set.of("break", "continue");
        }

        @Override
        public List<Nodes.Stmt> parse(Parser parser) {
            Token token = parser.stream().next();
            if ("break".equals(token.value())) {
                return List.of(new Nodes.Break(token.lineno()));
            }
            return List.of(new Nodes.Continue(token.lineno()));
        }
    };

    public static List<TagExtension> all() {
        return List.of(DO, LOOP_CONTROLS);
    }
}
