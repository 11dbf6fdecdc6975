package dev.jsalt.minion.states.file;

import java.nio.file.Path;

/** File states act on absolute, normalised paths only: a relative path would depend on the minion's cwd. */
final class FilePaths {
    private FilePaths() {
    }

    static Path checked(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("file path is empty");
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException("file path contains a NUL byte");
        Path p = Path.of(name);
        if (!p.isAbsolute()) throw new IllegalArgumentException("file path must be absolute: " + name);
        String normal = p.normalize().toString();
        if (!normal.equals(name) && !(name.endsWith("/") && normal.equals(name.substring(0, name.length() - 1)))) {
            throw new IllegalArgumentException("file path must be normalised (no '.', '..' or '//'): " + name
                    + " (did you mean " + normal + "?)");
        }
        return p.normalize();
    }
}
