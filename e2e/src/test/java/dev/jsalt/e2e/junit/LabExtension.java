package dev.jsalt.e2e.junit;

import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.e2e.lab.ApplyResult;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.LabSpec;
import dev.jsalt.e2e.lab.Requirements;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * JUnit 5 lab: builds the declared fleet once per test class, hands out the {@link Lab} (as a test or lifecycle
 * parameter, or via {@link #lab()}), and always tears it down after the class — on failure too, after printing
 * the hosts' logs. Without root on Linux the whole class is skipped with the reason.
 *
 * <p>Two ways to declare the fleet:
 * <pre>
 * &#64;ExtendWith(LabExtension.class) &#64;LabFleet(hosts = {"a:10", "b:11:db"}) class T { &#64;Test void t(Lab lab) {...} }
 *
 * &#64;RegisterExtension
 * static final LabExtension LAB = LabExtension.fleet(b -> b.host("a", 10).host("b", 11, "db"));
 * &#64;Test void t() { LAB.host("b").exec("ufw", "status"); LAB.apply("b", resources, false); }
 * </pre>
 * Lab names get a random suffix, so two runs at once (two engineers, CI) never share namespaces.
 */
public final class LabExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, ParameterResolver, TestWatcher {
    private final UnaryOperator<LabSpec.Builder> fleet;
    private Lab lab;
    private volatile boolean failed;

    /** For {@code @ExtendWith(LabExtension.class)} with {@link LabFleet}. */
    public LabExtension() {
        this.fleet = null;
    }

    private LabExtension(UnaryOperator<LabSpec.Builder> fleet) {
        this.fleet = fleet;
    }

    /** For {@code @RegisterExtension}: declare hosts (and master) on the builder; the name is generated. */
    public static LabExtension fleet(UnaryOperator<LabSpec.Builder> fleet) {
        return new LabExtension(fleet);
    }

    public Lab lab() {
        if (lab == null) throw new IllegalStateException("the lab is built in beforeAll; use it from tests or @BeforeAll methods declared after the extension");
        return lab;
    }

    public LabHost host(String name) { return lab().host(name); }

    /** Runs LocalApply in the host (see {@link Lab#apply(LabHost, StateDocument, boolean)}). */
    public ApplyResult apply(String host, StateDocument doc, boolean test) {
        return lab().apply(lab().host(host), doc, test);
    }

    public ApplyResult apply(String host, List<Resource> resources, boolean test) {
        return lab().apply(lab().host(host), resources, test);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        java.util.Optional<String> missing = Requirements.missing();
        if (missing.isEmpty() && booted(context)) missing = Requirements.missingForBoot();
        return missing.map(ConditionEvaluationResult::disabled).orElse(ConditionEvaluationResult.enabled("lab available"));
    }

    /** Whether the declared fleet has a booted host (those need more of the machine: {@link Requirements#missingForBoot}). */
    private boolean booted(ExtensionContext context) {
        try {
            return spec(context).anyBooted();
        } catch (RuntimeException e) {
            return false; // reported by beforeAll
        }
    }

    private LabSpec spec(ExtensionContext context) {
        LabSpec.Builder b = LabSpec.builder(name(context.getRequiredTestClass()));
        if (fleet != null) {
            fleet.apply(b);
        } else {
            LabFleet f = context.getRequiredTestClass().getAnnotation(LabFleet.class);
            if (f == null) throw new IllegalStateException(context.getRequiredTestClass().getName() + " uses LabExtension without @LabFleet");
            b.subnet(f.subnet());
            for (String h : f.hosts()) {
                String[] p = h.split(":");
                if (p.length < 2 || p.length > 3) throw new IllegalArgumentException("@LabFleet host '" + h + "' must be NAME:INDEX or NAME:INDEX:ROLE");
                b.host(p[0], Integer.parseInt(p[1]), p.length == 3 ? p[2] : null);
            }
            if (!f.master().isEmpty()) b.master(f.master());
        }
        return b.build();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        lab = Lab.up(spec(context));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed = true;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (lab == null) return;
        try {
            if (failed || context.getExecutionException().isPresent()) dumpLogs();
        } finally {
            lab.down();
            lab = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) throws ParameterResolutionException {
        return pc.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) throws ParameterResolutionException {
        return lab();
    }

    /** Lower-case letters of the class name (≤ 12) plus 4 random hex digits: readable in 'ip netns' and unique. */
    static String name(Class<?> testClass) {
        String base = testClass.getSimpleName().toLowerCase().replaceAll("[^a-z0-9]", "");
        if (base.length() > 12) base = base.substring(0, 12);
        byte[] r = new byte[2];
        ThreadLocalRandom.current().nextBytes(r);
        return base + HexFormat.of().formatHex(r);
    }

    private void dumpLogs() {
        for (LabHost h : lab.hosts()) {
            if (h.booted() && h.up()) {
                System.err.println("--- lab " + lab.name() + " host " + h.name() + " journal (tail) ---");
                System.err.println(h.exec(List.of("journalctl", "--no-pager", "-q", "-n", "150"), java.time.Duration.ofSeconds(30)).stdout());
            }
            try (Stream<Path> logs = Stream.concat(Stream.of(h.dir().resolve("init.log"), h.dir().resolve("boot.log")),
                    Files.isDirectory(h.dir().resolve("logs")) ? Files.list(h.dir().resolve("logs")) : Stream.empty())) {
                for (Path log : logs.toList()) {
                    if (!Files.exists(log) || Files.size(log) == 0) continue;
                    String s = Files.readString(log);
                    System.err.println("--- lab " + lab.name() + " host " + h.name() + " " + log.getFileName() + " (tail) ---");
                    System.err.println(s.length() > 4000 ? s.substring(s.length() - 4000) : s);
                }
            } catch (IOException e) {
                System.err.println("cannot read logs of " + h.name() + ": " + e);
            }
        }
    }
}
