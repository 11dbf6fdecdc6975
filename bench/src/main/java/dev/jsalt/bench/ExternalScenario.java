package dev.jsalt.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * A bench scenario another module brings, found with {@link ServiceLoader} from
 * {@code META-INF/services/dev.jsalt.bench.ExternalScenario}: the cloud map of issue 19 lives in the e2e module, with
 * the lab whose booted hosts are its droplets, which the bench does not depend on. Such a scenario needs more of the
 * machine than the loopback ones (root, the booted lab), so it runs only when named ({@code --scenario NAME}).
 */
public interface ExternalScenario {
    /** The name {@code --scenario} takes. */
    String name();

    /** Measures, reporting each figure as soon as it has it; {@code out} takes progress lines ({@code # ...}). */
    void run(Profile profile, PrintStream out, Consumer<Stats> report) throws Exception;

    /** Every scenario on the class path. */
    static List<ExternalScenario> all() {
        List<ExternalScenario> out = new ArrayList<>();
        ServiceLoader.load(ExternalScenario.class).forEach(out::add);
        return out;
    }
}
