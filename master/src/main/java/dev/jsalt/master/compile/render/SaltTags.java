package dev.jsalt.master.compile.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateSyntaxException;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import dev.jsalt.master.statetree.TreePath;
import dev.jsalt.master.statetree.TreePathException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salt's data-loading tags: {@code {% import_yaml 'x/defaults.yaml' as defaults %}} (also {@code import_json},
 * {@code import_text}; the path may be an expression such as {@code tpldir ~ '/defaults.yaml'}) and the block forms
 * {@code {% load_yaml as v %}...{% endload %}} / {@code load_json}. Imported files are rendered with the current
 * context first, as in Salt.
 */
final class SaltTags {
    private static final Pattern AS = Pattern.compile("^(.+)\\s+as\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*$", Pattern.DOTALL);
    private static final Pattern BLOCK_AS = Pattern.compile("^\\s*as\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*$");

    private SaltTags() {
    }

    static List<Tag> all() {
        return List.of(new ImportData("import_yaml"), new ImportData("import_json"), new ImportData("import_text"),
                new LoadBlock("load_yaml"), new LoadBlock("load_json"));
    }

    private record ImportData(String name) implements Tag {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getEndTagName() {
            return null;
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            Matcher m = AS.matcher(tagNode.getHelpers().trim());
            if (!m.matches()) {
                throw new TemplateSyntaxException(interpreter, tagNode.getHelpers(), "expected {% " + name + " 'path' as name %}");
            }
            Object where = interpreter.resolveELExpression(m.group(1), tagNode.getLineNumber());
            String path;
            try {
                path = TreePath.resolve(TreeLocator.currentFile(interpreter), String.valueOf(where));
            } catch (TreePathException e) {
                throw new TemplateSyntaxException(interpreter, tagNode.getHelpers(), e.getMessage());
            }
            RenderScope scope = RenderScope.of(interpreter);
            String source = scope.read(path).map(b -> new String(b, StandardCharsets.UTF_8))
                    .orElseThrow(() -> new TemplateSyntaxException(interpreter, tagNode.getHelpers(), "file '" + path + "' not found in the state tree"));
            String text = interpreter.renderFlat(source);
            Object value = switch (name) {
                case "import_yaml" -> DataFormats.loadYaml(text, path, scope.secrets());
                case "import_json" -> DataFormats.loadJson(text, path);
                default -> text;
            };
            interpreter.getContext().put(m.group(2), value);
            return "";
        }
    }

    private record LoadBlock(String name) implements Tag {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getEndTagName() {
            return "endload";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            Matcher m = BLOCK_AS.matcher(tagNode.getHelpers());
            if (!m.matches()) throw new TemplateSyntaxException(interpreter, tagNode.getHelpers(), "expected {% " + name + " as name %}");
            StringBuilder body = new StringBuilder();
            for (Node child : tagNode.getChildren()) body.append(child.render(interpreter).getValue());
            Object value = name.equals("load_yaml")
                    ? DataFormats.loadYaml(body.toString(), "load_yaml", RenderScope.of(interpreter).secrets())
                    : DataFormats.loadJson(body.toString(), "load_json");
            interpreter.getContext().put(m.group(1), value);
            return "";
        }
    }
}
