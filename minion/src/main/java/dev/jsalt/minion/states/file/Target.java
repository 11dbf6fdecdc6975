package dev.jsalt.minion.states.file;

import dev.jsalt.minion.state.Args;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The path a whole-file state ({@code file.managed}, {@code file.directory}) acts on. A symlink at the path is
 * refused unless {@code follow_symlinks: true}, then its existing target is used, so a planted link cannot
 * redirect the write. {@code refusal} is non-null when the state must fail.
 */
record Target(Path path, Stat stat, String refusal) {

    static Target of(String name, Args args) throws IOException {
        Path path = FilePaths.checked(name);
        Stat st = Stat.of(path);
        if (st.isLink()) {
            if (!args.bool("follow_symlinks", false)) {
                return new Target(path, st, path + " is a symlink; set follow_symlinks: true to manage its target");
            }
            path = path.toRealPath();
            st = Stat.of(path);
        }
        return new Target(path, st, null);
    }
}
