package dev.jsalt.master.compile.render;

import dev.jsalt.jinja.TemplateLoader;
import dev.jsalt.jinja.TemplateNotFound;
import dev.jsalt.jinja.TemplateSource;
import dev.jsalt.master.statetree.TreePath;
import dev.jsalt.master.statetree.TreePathException;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Salt's {@code SaltCacheLoader} for one render: {@code {% include %}}, {@code {% import %}}, {@code {% from %}} and
 * {@code import_yaml} read from the compile's state tree. A name is relative to the tree root, unless it starts with
 * {@code ./} or {@code ../}: then it is relative to {@code tpldir} as the render's globals hold it (Salt resolves it
 * against {@code environment.globals['tpldir']}, not the importing file's directory). Like Salt's loader, the first
 * load of each template in a render writes its {@code tplfile}, {@code tpldir} and {@code tpldot} into the render's
 * environment globals, which is what an imported {@code map.jinja} sees. Escapes from the tree are refused.
 */
final class TreeLoader implements TemplateLoader {
    private final RenderScope scope;
    private final Map<String, Object> globals;
    private final Set<String> loaded = new HashSet<>();

    TreeLoader(RenderScope scope, Map<String, Object> globals) {
        this.scope = scope;
        this.globals = globals;
    }

    @Override
    public Optional<TemplateSource> load(String name, String parent) {
        String first = name.split("/", 2)[0];
        boolean relative = first.equals(".") || first.equals("..");
        String path;
        try {
            if (relative) {
                Object base = globals.get("tpldir");
                String dir = base == null || ".".equals(base) ? "" : String.valueOf(base);
                path = TreePath.resolve(dir.isEmpty() ? "_" : dir + "/_", name);
            } else {
                path = TreePath.normalize(name);
            }
        } catch (TreePathException e) {
            throw new TemplateNotFound(e.getMessage(), List.of(name), false);
        }
        Optional<byte[]> bytes = scope.read(path);
        if (bytes.isEmpty()) return Optional.empty();
        if (loaded.add(path)) {
            String tpldir = relative ? String.valueOf(globals.getOrDefault("tpldir", TreePath.parent(path))) : TreePath.parent(path);
            globals.put("tplfile", relative ? name : path);
            globals.put("tpldir", tpldir.isEmpty() ? "." : tpldir);
            globals.put("tpldot", tpldir.replace('/', '.'));
        }
        return Optional.of(new TemplateSource(path, new String(bytes.get(), StandardCharsets.UTF_8)));
    }
}
