package dev.jsalt.minion;

import dev.jsalt.common.catalog.Catalog;
import dev.jsalt.common.catalog.StateFunctionSpec;
import dev.jsalt.minion.config.MinionConfig;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The master validates jobs and SLS files against {@link Catalog} without loading the minion: this keeps the two from
 * drifting apart (a function the minion has but the catalog lacks would be refused; the other way round, accepted and
 * then fail on every minion), and holds what each state function reads ({@link Params}) to what the catalog declares.
 */
class CatalogAgreementTest {

    @Test
    void theStateModulesAreExactlyTheCatalogs() {
        assertEquals(Catalog.standard().stateFunctions(), StateModules.standard().known().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, e -> new TreeSet<>(e.getValue()))));
    }

    /**
     * Every argument a module reads is declared (a {@link Params} naming anything else fails when its class loads, and
     * a read outside the declared set throws), and every argument the catalog says the minion reads is declared as
     * read by the module: no dead declarations.
     */
    @Test
    void everyImplementedFunctionReadsExactlyWhatTheCatalogDeclares() {
        StateModules.standard(); // loads every module, and with them their Params
        Map<String, Params> declared = Params.registered();
        List<String> problems = new ArrayList<>();
        for (StateFunctionSpec f : Catalog.standard().declaredStateFunctions()) {
            if (!f.implemented()) continue;
            Params p = declared.get(f.fun());
            if (p == null) {
                problems.add(f.fun() + ": the module declares no Params");
                continue;
            }
            TreeSet<String> want = new TreeSet<>(f.minionArgs());
            TreeSet<String> have = new TreeSet<>(p.names());
            if (!want.equals(have)) {
                TreeSet<String> dead = new TreeSet<>(want);
                dead.removeAll(have);
                TreeSet<String> extra = new TreeSet<>(have);
                extra.removeAll(want);
                problems.add(f.fun() + ": declared for the minion but not read " + dead + "; read but not declared " + extra);
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The plan contract: a module cannot ask whether the run is a test run, so it cannot act on it. */
    @Test
    void modulesCannotSeeTestMode() {
        for (Method m : RunContext.class.getDeclaredMethods()) {
            boolean visible = Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
            assertTrue(!(visible && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)
                            && m.getName().toLowerCase().contains("test")),
                    "RunContext." + m.getName() + " tells modules about test mode");
        }
    }

    @Test
    void theDaemonsFunctionsAreExactlyTheCatalogs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(MinionConfig.FILE), "id: m1\nmaster: 127.0.0.1:4506\nroot_dir: root\n");
        MinionDaemon daemon = new MinionDaemon(MinionConfig.load(dir));
        assertEquals(Catalog.standard().executionFunctions(), new TreeSet<>(daemon.functions().names()));
    }
}
