package dev.jsalt.master.compile.sls;

import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.SourcePos;
import dev.jsalt.master.compile.render.JinjaRenderer;
import dev.jsalt.master.compile.render.RenderScope;
import dev.jsalt.master.compile.render.SlsYaml;
import dev.jsalt.master.statetree.TreePath;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders one SLS-format file through {@code jinja|yaml}. Besides the caller's variables the template sees Salt's
 * per-file names: {@code sls}, {@code slspath}, {@code sls_path}, {@code tpldir}, {@code tplfile}, {@code tplpath}.
 * A first line {@code #!yaml} skips Jinja; {@code #!jinja|yaml} is the default; other renderers are refused.
 */
public final class SlsSource {
    private final JinjaRenderer renderer;
    private final RenderScope scope;
    private final Map<String, Object> vars;

    public SlsSource(JinjaRenderer renderer, RenderScope scope, Map<String, Object> vars) {
        this.renderer = renderer;
        this.scope = scope;
        this.vars = vars;
    }

    /**
     * The variables every SLS of a run is rendered with ({@code grains}, {@code pillar}, {@code saltenv}, {@code opts});
     * mutable, so the pillar compiler can swap in the pillar merged so far.
     */
    public static Map<String, Object> baseVars(String minionId, Map<String, Object> grains, Map<String, Object> pillar) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("grains", grains);
        vars.put("pillar", pillar);
        vars.put("saltenv", "base");
        vars.put("opts", Map.of("id", minionId));
        return vars;
    }

    /** Reads, renders and parses {@code file}; null root for an empty document. */
    public LoadedSls load(String sls, String file) {
        byte[] bytes = scope.tree().read(file).orElseThrow(() -> new CompileException(file, 0, 0, "file not found in the state tree"));
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean jinja = true;
        if (text.startsWith("#!")) {
            String shebang = text.lines().findFirst().orElse("").substring(2).strip().replace(" ", "");
            if (shebang.equals("yaml")) {
                jinja = false;
            } else if (!shebang.equals("jinja|yaml")) {
                throw new CompileException(file, 1, 1, "renderer '" + shebang + "' is not supported (jsalt renders jinja|yaml or yaml)");
            }
        }
        String rendered = text;
        if (jinja) {
            Map<String, Object> fileVars = new HashMap<>(vars);
            String dir = TreePath.parent(file);
            fileVars.put("sls", sls);
            fileVars.put("slspath", dir);
            fileVars.put("sls_path", dir.replace('/', '_'));
            fileVars.put("tpldir", dir.isEmpty() ? "." : dir);
            fileVars.put("tplfile", file);
            fileVars.put("tplpath", file);
            rendered = renderer.render(file, text, fileVars, scope);
        }
        SlsYaml yaml = new SlsYaml(file, scope.secrets());
        Node root = yaml.parse(rendered, !rendered.equals(text));
        if (SlsYaml.isNull(root)) return new LoadedSls(sls, file, yaml, null);
        if (!(root instanceof MappingNode map)) {
            throw new CompileException(SourcePos.of(file, root.getStartMark()), "an SLS file must be a mapping, found " + SlsYaml.describe(root));
        }
        return new LoadedSls(sls, file, yaml, map);
    }
}
