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

    /**
     * The per-file variables Salt's {@code render_tmpl} gives an SLS file: {@code sls}, {@code slspath} (the SLS's
     * folder, or the SLS itself for an {@code init.sls}), {@code sls_path}, {@code slsdotpath}, {@code slscolonpath},
     * {@code tplfile}, {@code tpldir}, {@code tpldot}, {@code tplroot}, {@code tplpath} (in Salt the file's path in the
     * minion's cache; here its path in the tree).
     */
    static Map<String, Object> slsVars(String sls, String file) {
        Map<String, Object> v = new HashMap<>();
        String slspath = sls.replace('.', '/');
        if (!file.endsWith("/init.sls") && !file.equals("init.sls")) slspath = TreePath.parent(slspath);
        String template = file;
        int i = slspath.isEmpty() ? -1 : file.lastIndexOf(slspath);
        if (i != -1) template = file.substring(i);
        String tpldir = TreePath.parent(template);
        v.put("sls", sls);
        v.put("tplpath", file);
        v.put("tplfile", template);
        v.put("tpldir", tpldir.isEmpty() ? "." : tpldir);
        v.put("tpldot", tpldir.replace('/', '.'));
        v.put("tplroot", tpldir.split("/", -1)[0]);
        v.put("slsdotpath", slspath.replace('/', '.'));
        v.put("slscolonpath", slspath.replace('/', ':'));
        v.put("sls_path", slspath.replace('/', '_'));
        v.put("slspath", slspath);
        return v;
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
            fileVars.putAll(slsVars(sls, file));
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
