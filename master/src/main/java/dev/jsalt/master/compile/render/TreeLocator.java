package dev.jsalt.master.compile.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.loader.LocationResolver;
import com.hubspot.jinjava.loader.RelativePathResolver;
import com.hubspot.jinjava.loader.ResourceLocator;
import com.hubspot.jinjava.loader.ResourceNotFoundException;
import dev.jsalt.master.statetree.TreePath;
import dev.jsalt.master.statetree.TreePathException;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves {@code {% include %}}, {@code {% import %}}, {@code {% from %}} and {@code import_yaml} from the compile's
 * state tree. Names are tree-root relative as in Salt ({@code 'nginx/map.jinja'}); {@code ./x} and {@code ../x} are
 * relative to the importing template. Escapes from the tree are refused by {@link TreePath}.
 */
final class TreeLocator implements ResourceLocator {

    @Override
    public String getString(String fullName, Charset encoding, JinjavaInterpreter interpreter) throws ResourceNotFoundException {
        String path;
        try {
            path = TreePath.resolve(currentFile(interpreter), fullName);
        } catch (TreePathException e) {
            throw new ResourceNotFoundException(e.getMessage());
        }
        return RenderScope.of(interpreter).read(path)
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElseThrow(() -> new ResourceNotFoundException("template '" + fullName + "' not found in the state tree"));
    }

    @Override
    public Optional<LocationResolver> getLocationResolver() {
        // Makes the import stack hold tree paths, so './x' inside an imported file is relative to that file.
        return Optional.of((path, interpreter) -> {
            try {
                return TreePath.resolve(currentFile(interpreter), path);
            } catch (TreePathException e) {
                return path; // getString reports it
            }
        });
    }

    static String currentFile(JinjavaInterpreter interpreter) {
        String current = RelativePathResolver.getCurrentPathFromStackOrKey(interpreter);
        return current == null || current.isEmpty() ? null : current;
    }
}
