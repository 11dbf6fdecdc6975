package dev.jsalt.e2e.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.ApplyResult;
import dev.jsalt.e2e.lab.Boot;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15's corpus check, for real: every corpus formula that compiles for a jsalt minion and whose packages the lab
 * can have is applied for real in a booted lab host (its own root file system on the lab image, systemd as PID 1), as
 * Salt compiled it, then applied again. The first apply fails no state and leaves every file Salt rendered for the
 * formula byte for byte as Salt would have written it; the second fails none and changes nothing: the formula converged.
 * A third apply, in test mode, then has nothing to change either (its plan agrees with the real runs). The exceptions are Salt's too and named below with why ({@link #SALT_FAILS_TOO},
 * {@link #NEVER_CONVERGE}); mysql and users are not applied ({@link #NOT_APPLIED}). The packages come from the lab image: cron,
 * sudo and ufw are installed there, fail2ban, logrotate, ntp and postfix are in its offline apt repository, so the
 * formulas' own {@code pkg.installed} installs them. Prints one line per formula: states, changed by the first apply,
 * changed by the second.
 *
 * <p>One booted host for all formulas, applied one after another in name order (a booted host costs its boot once):
 * they manage different files, packages and services, and where two meet (cron and logrotate both want the cron
 * package and service running) they want the same, so no formula undoes another's work.
 */
class CorpusApplyLabTest {
    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("h1", 10, "corpus", Boot.SYSTEMD));

    /** Compiling formulas that are not applied for real, and why. */
    static final Map<String, String> NOT_APPLIED = Map.of(
            "mysql", "its pkg.installed asks for mysql-server, which Debian 12 does not have (MariaDB replaced it, and "
                    + "nothing provides that name): Salt fails that state there too, and without it there is no server for the "
                    + "formula's service, databases, users and grants",
            "users", "Salt's own run of its test pillar fails states on every apply, so it cannot converge: "
                    + "ssh_known_hosts.present is given both key and fingerprint (\"Specify either key or fingerprint, not both\"), "
                    + "file.replace edits /etc/pam.d/sshd, which only openssh-server installs, and git.config_set/unset need git; "
                    + "its users, groups and GECOS fields are applied for real by UserGecosAgingPasswordTest and UserGroupModuleTest");

    /**
     * States that change on every apply, in Salt as in jsalt, with why. The formula's own pillar asks for both:
     * postfix's test pillar ({@code test/salt/pillar/default.sls}) lists root under {@code aliases:present} and under
     * {@code aliases:absent}, so each run adds the alias and the next state removes it again.
     */
    static final Map<String, String> NEVER_CONVERGE = Map.of(
            "alias_|-postfix-init-alias-present-root_|-root_|-present", "the next state removes the alias again",
            "alias_|-postfix-init-alias-absent-root_|-root_|-absent", "the state before it added the alias again");

    /**
     * A state that fails in a container with Salt as well, on every run (and in test mode would change, as Salt's
     * None): why, and a command whose output in the host shows that cause (so the exception cannot hide another
     * failure of the same state).
     */
    record SaltFailsToo(String why, List<String> proof, String proofOutput) {
    }

    static final Map<String, SaltFailsToo> SALT_FAILS_TOO = Map.of(
            // ntp is Debian 12's transitional package for ntpsec, whose ntpsec.service (aliased ntp.service) has
            // ConditionCapability=CAP_SYS_TIME: a container may not set the machine's clock, so systemd skips the unit,
            // "systemctl start ntp" succeeds and the service stays dead. Salt's service.running checks the status after
            // starting and reports "Service ntp failed to start" (result False), on every run.
            "service_|-ntpd_|-ntp_|-running", new SaltFailsToo("ntpsec.service's condition CAP_SYS_TIME does not hold in a container",
                    List.of("systemctl", "show", "--property=ConditionResult", "--value", "ntp.service"), "no"));

    @TestFactory
    Stream<DynamicTest> everyFormulaWhosePackagesTheLabHasAppliesAndConverges() throws IOException {
        List<Path> formulas = CorpusFormulas.compiling().stream()
                .filter(f -> !NOT_APPLIED.containsKey(f.getFileName().toString())).toList();
        assertEquals(7, formulas.size(), "formulas applied for real: " + formulas);
        return formulas.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path dir) throws IOException {
        CorpusFormulas.Formula formula = CorpusFormulas.compile(dir);
        ApplyResult first = LAB.apply("h1", formula.doc(), false);
        ApplyResult second = LAB.apply("h1", formula.doc(), false);
        ApplyResult test = LAB.apply("h1", formula.doc(), true);
        List<String> problems = new ArrayList<>();
        for (StateResult s : first.results()) {
            if (s.outcome() == Outcome.FAILED && !failsInSaltToo(s)) problems.add("first apply: " + s.key() + " failed: " + s.comment());
        }
        for (StateResult s : second.results()) {
            if (s.outcome() == Outcome.FAILED) {
                if (!failsInSaltToo(s)) problems.add("second apply: " + s.key() + " failed: " + s.comment());
            } else if (s.outcome() == Outcome.CHANGED && !NEVER_CONVERGE.containsKey(s.key())) {
                problems.add("second apply: " + s.key() + " changed again: " + s.changes() + " (" + s.comment() + ")");
            }
        }
        for (StateResult s : test.results()) {
            if (SALT_FAILS_TOO.containsKey(s.key())) {
                // In test mode Salt sees the service dead and answers None, "would start": so does jsalt.
                if (s.outcome() != Outcome.WOULD_CHANGE) problems.add("test apply: " + s.key() + " " + s.outcome() + ", not would-change: " + s.comment());
            } else if (s.outcome() == Outcome.FAILED) {
                problems.add("test apply: " + s.key() + " failed: " + s.comment());
            } else if (s.outcome() != Outcome.UNCHANGED && s.outcome() != Outcome.SKIPPED && !NEVER_CONVERGE.containsKey(s.key())) {
                problems.add("test apply after convergence: " + s.key() + " " + s.outcome() + ": " + s.changes() + " (" + s.comment() + ")");
            }
        }
        int files = filesAsSaltWroteThem(formula, first, problems);
        System.out.printf("corpus %s: %d states; first apply changed %d, second apply changed %d; %d files compared with Salt's%n",
                formula.name(), first.results().size(), changed(first), changed(second), files);
        assertEquals(formula.doc().resources().size(), first.results().size(), () -> "first apply: " + first);
        assertEquals(formula.doc().resources().size(), second.results().size(), () -> "second apply: " + second);
        assertTrue(problems.isEmpty(), formula.name() + ":\n  " + String.join("\n  ", problems) + "\n" + first.stderr() + second.stderr() + test.stderr());
    }

    /**
     * Every file Salt rendered for the formula ({@code expected/files.json}, status {@code rendered}) is in the host
     * byte for byte as Salt would have written it ({@code expected/files/}): the compile test checks the rendered
     * text, this checks what the minion's file states make of it on disk.
     */
    private static int filesAsSaltWroteThem(CorpusFormulas.Formula formula, ApplyResult first, List<String> problems) throws IOException {
        int compared = 0;
        JsonNode files = Json.mapper().readTree(formula.dir().resolve("expected/files.json").toFile());
        for (JsonNode f : files) {
            if (!f.path("status").asText().equals("rendered")) continue;
            String target = f.path("path").asText(f.path("target").asText());
            boolean failed = first.results().stream().anyMatch(s -> s.id().equals(f.path("id").asText()) && s.outcome() == Outcome.FAILED);
            if (failed) continue; // reported as a failure already
            Path onHost = LAB.host("h1").hostSide(target);
            compared++;
            if (!Files.isRegularFile(onHost, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(target + ": not a regular file in the host after the apply");
            } else if (!Arrays.equals(Files.readAllBytes(formula.dir().resolve("expected").resolve(f.path("file").asText())),
                    Files.readAllBytes(onHost))) {
                problems.add(target + ": differs from the file Salt rendered (" + f.path("file").asText() + ")");
            }
        }
        return compared;
    }

    /** Whether {@code s} is one of {@link #SALT_FAILS_TOO}, its cause shown by the host. */
    private static boolean failsInSaltToo(StateResult s) {
        SaltFailsToo known = SALT_FAILS_TOO.get(s.key());
        if (known == null) return false;
        String shown = LAB.host("h1").check(known.proof().toArray(String[]::new)).stdout().strip();
        assertEquals(known.proofOutput(), shown, () -> s.key() + " failed (" + s.comment() + "), but not because " + known.why());
        System.out.printf("corpus: %s failed as in Salt: %s (%s)%n", s.key(), known.why(), s.comment());
        return true;
    }

    private static long changed(ApplyResult r) {
        return r.results().stream().filter(s -> s.outcome() == Outcome.CHANGED).count();
    }
}
