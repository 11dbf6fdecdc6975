package dev.jsalt.minion.functions;

import dev.jsalt.minion.exec.CommandRunner;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** What functions may use: the command runner, current grains, the minion's root dir and secret opener. */
public record FunctionContext(String minionId, CommandRunner commands, Supplier<Map<String, Object>> grains, Path rootDir,
                              SecretOpener secrets) {

    /** Opens values sealed to this minion by the master. */
    @FunctionalInterface
    public interface SecretOpener {
        String open(String sealed);
    }
}
