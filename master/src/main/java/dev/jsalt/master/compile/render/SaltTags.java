package dev.jsalt.master.compile.render;

import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.ast.Nodes.Assign;
import dev.jsalt.jinja.ast.Nodes.Call;
import dev.jsalt.jinja.ast.Nodes.Expr;
import dev.jsalt.jinja.ast.Nodes.Filter;
import dev.jsalt.jinja.ast.Nodes.HostCall;
import dev.jsalt.jinja.ast.Nodes.Import;
import dev.jsalt.jinja.ast.Nodes.Macro;
import dev.jsalt.jinja.ast.Nodes.Name;
import dev.jsalt.jinja.ast.Nodes.Output;
import dev.jsalt.jinja.ast.Nodes.Stmt;
import dev.jsalt.jinja.ext.TagExtension;
import dev.jsalt.jinja.parser.Parser;
import dev.jsalt.jinja.value.Py;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * Salt's {@code SerializerExtension} tags, built node for node as Salt builds them:
 * <ul>
 *   <li>{@code {% import_yaml 'x/defaults.yaml' as d %}} (and {@code import_json}, {@code import_text}): an import
 *       of the file as a template (without context, so it sees the render's globals), then {@code d = d|load_yaml};</li>
 *   <li>{@code {% load_yaml as v %}...{% endload %}} (and {@code load_json}, {@code load_text}): a hidden macro whose
 *       output goes through the filter;</li>
 *   <li>{@code {% profile as 'label' %}...{% endprofile %}}: the body as it is, its render time logged.</li>
 * </ul>
 */
final class SaltTags {
    private static final Logger log = LoggerFactory.getLogger(SaltTags.class);

    private SaltTags() {
    }

    static final TagExtension IMPORTS = new TagExtension() {
        @Override
        public Set<String> tags() {
            return Set.of("import_yaml", "import_json", "import_text");
        }

        @Override
        public List<Stmt> parse(Parser parser) {
            String filter = "load_" + parser.stream().current().text().substring("import_".length());
            Import node = parser.parseImport();
            int line = node.lineno();
            return List.of(node, new Assign(new Name(node.target(), "store", line),
                    new Filter(new Name(node.target(), "load", line), filter, List.of(), List.of(), null, null, line), line));
        }
    };

    static final TagExtension LOADS = new TagExtension() {
        @Override
        public Set<String> tags() {
            return Set.of("load_yaml", "load_json", "load_text");
        }

        @Override
        public List<Stmt> parse(Parser parser) {
            String filter = parser.stream().current().text();
            int line = parser.stream().next().lineno();
            parser.stream().expect("name:as");
            Expr target = parser.parseAssignTarget(true, false, null, false);
            String macro = "_" + parser.freeIdentifier();
            List<Stmt> body = parser.parseStatements(new String[] {"name:endload"}, true);
            Call call = new Call(new Name(macro, "load", line), List.of(), List.of(), null, null, line);
            return List.of(new Macro(macro, List.of(), List.of(), body, line),
                    new Assign(target, new Filter(call, filter, List.of(), List.of(), null, null, line), line));
        }
    };

    private static final JinjaCallable PROFILED = c -> {
        // Arguments: label, start (ns), body. The body was rendered before this call, so the time is its render time.
        long ns = System.nanoTime() - ((Number) c.args().get(1)).longValue();
        log.info("profile {}: rendered in {} ms", Py.str(c.args().get(0)), String.format("%.3f", ns / 1e6));
        return c.args().get(2);
    };

    private static final JinjaCallable NOW = c -> System.nanoTime();

    static final TagExtension PROFILE = new TagExtension() {
        @Override
        public Set<String> tags() {
            return Set.of("profile");
        }

        @Override
        public List<Stmt> parse(Parser parser) {
            int line = parser.stream().next().lineno();
            parser.stream().expect("name:as");
            Expr label = parser.parseExpression();
            String macro = "_" + parser.freeIdentifier();
            String start = "_" + parser.freeIdentifier();
            List<Stmt> body = parser.parseStatements(new String[] {"name:endprofile"}, true);
            Call call = new Call(new Name(macro, "load", line), List.of(), List.of(), null, null, line);
            return List.of(new Macro(macro, List.of(), List.of(), body, line),
                    new Assign(new Name(start, "store", line), new HostCall(NOW, "profile", List.of(), List.of(), line), line),
                    new Output(List.of(new HostCall(PROFILED, "profile", List.of(label, new Name(start, "load", line), call),
                            List.of(), line)), line));
        }
    };
}
