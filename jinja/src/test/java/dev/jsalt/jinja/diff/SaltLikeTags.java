package dev.jsalt.jinja.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.ast.Nodes;
import dev.jsalt.jinja.ast.Nodes.*;
import dev.jsalt.jinja.ext.TagExtension;
import dev.jsalt.jinja.parser.Parser;
import dev.jsalt.jinja.runtime.TemplateModule;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Salt's data tags written against the extension API, node for node as Salt's SerializerExtension builds them
 * (import_json/import_text, load_json/load_text), plus a {@code profile} block calling back into Java through
 * {@link Nodes.HostCall}. The differential cases run the same tags, built the same way in Python, through Jinja2.
 */
final class SaltLikeTags {
    private SaltLikeTags() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static Environment.Builder register(Environment.Builder b) {
        return b.extension(IMPORTS).extension(LOADS).extension(PROFILE).filter("load_json", LOAD_JSON).filter("load_text", LOAD_TEXT);
    }

    static final JinjaCallable LOAD_TEXT = call -> {
        Object v = call.args().get(0);
        return v instanceof TemplateModule m ? m.body() : v;
    };

    static final JinjaCallable LOAD_JSON = call -> {
        Object v = call.args().get(0);
        String text = v instanceof TemplateModule m ? m.body() : Py.isStr(v) ? Py.strValue(v) : null;
        try {
            return toValue(JSON.readTree(text));
        } catch (Exception e) {
            throw new TemplateRuntimeError("Unable to load json from " + Py.str(v));
        }
    };

    private static Object toValue(com.fasterxml.jackson.databind.JsonNode n) {
        if (n.isObject()) {
            PyDict d = new PyDict();
            for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
                d.put(e.getKey(), toValue(e.getValue()));
            }
            return d;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(toValue(x)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return dev.jsalt.jinja.value.Num.norm(n.bigIntegerValue());
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.isNull() ? null : n.textValue();
    }

    /** {@code {% import_json 'x.json' as v %}}: an import whose module text goes through load_json. */
    static final TagExtension IMPORTS = new TagExtension() {
        @Override
        public Set<String> tags() {
            return Set.of("import_json", "import_text");
        }

        @Override
        public List<Stmt> parse(Parser parser) {
            String filter = "load_" + parser.stream().current().text().substring(7);
            Import node = parser.parseImport();
            int line = node.lineno();
            return List.of(node, new Assign(new Name(node.target(), "store", line),
                    new Filter(new Name(node.target(), "load", line), filter, List.of(), List.of(), null, null, line), line));
        }
    };

    /** {@code {% load_json as v %}...{% endload %}}: a hidden macro whose output goes through the filter. */
    static final TagExtension LOADS = new TagExtension() {
        @Override
        public Set<String> tags() {
            return Set.of("load_json", "load_text");
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

    /** {@code {% profile as 'label' %}...{% endprofile %}}: the body rendered, handed to a Java callback. */
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
            List<Stmt> body = parser.parseStatements(new String[] {"name:endprofile"}, true);
            Call call = new Call(new Name(macro, "load", line), List.of(), List.of(), null, null, line);
            JinjaCallable profile = c -> "<" + Py.str(c.args().get(0)) + ">" + Py.str(c.args().get(1)) + "</" + Py.str(c.args().get(0)) + ">";
            return List.of(new Macro(macro, List.of(), List.of(), body, line),
                    new Output(List.of(new HostCall(profile, "profile", List.of(label, call), List.of(), line)), line));
        }
    };
}
