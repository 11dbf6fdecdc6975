package dev.jsalt.minion;

import dev.jsalt.common.catalog.Catalog;
import dev.jsalt.minion.config.MinionConfig;
import dev.jsalt.minion.state.StateModules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The master validates jobs and SLS files against {@link Catalog} without loading the minion: this keeps the two from
 * drifting apart (a function the minion has but the catalog lacks would be refused; the other way round, accepted and
 * then fail on every minion).
 */
class CatalogAgreementTest {

    @Test
    void theStateModulesAreExactlyTheCatalogs() {
        assertEquals(Catalog.standard().stateFunctions(), StateModules.standard().known().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, e -> new TreeSet<>(e.getValue()))));
    }

    @Test
    void theDaemonsFunctionsAreExactlyTheCatalogs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(MinionConfig.FILE), "id: m1\nmaster: 127.0.0.1:4506\nroot_dir: root\n");
        MinionDaemon daemon = new MinionDaemon(MinionConfig.load(dir));
        assertEquals(Catalog.standard().executionFunctions(), new TreeSet<>(daemon.functions().names()));
    }
}
