package dev.jsalt.minion.states.locale;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.sys.Apply;
import dev.jsalt.minion.states.sys.FakeRunner;
import dev.jsalt.minion.states.sys.SystemRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.FAILED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In a private root; locale -a and locale-gen are stand-ins (locale-gen "generates" what /etc/locale.gen enables). */
class LocaleModuleTest {
    @TempDir
    Path root;
    final List<String> generated = new ArrayList<>(List.of("C", "C.utf8", "POSIX"));
    FakeRunner runner;
    Apply locale;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(root.resolve("usr/share/i18n"));
        Files.createDirectories(root.resolve("etc/default"));
        Files.writeString(root.resolve("usr/share/i18n/SUPPORTED"), "de_DE.UTF-8 UTF-8\nen_US ISO-8859-1\nen_US.UTF-8 UTF-8\n");
        Files.writeString(root.resolve("etc/locale.gen"), "# This file lists locales\n# de_DE.UTF-8 UTF-8\n# en_US.UTF-8 UTF-8\n");
        runner = new FakeRunner(this::answer);
        locale = new Apply(new LocaleModule(new SystemRoot(root)), runner, root.resolve("state"));
    }

    private CommandResult answer(List<String> argv) {
        if (argv.equals(List.of("locale", "-a"))) return FakeRunner.ok(String.join("\n", generated) + "\n");
        if (argv.equals(List.of("locale-gen"))) {
            try {
                for (String l : Files.readAllLines(root.resolve("etc/locale.gen"))) {
                    if (!l.startsWith("#") && !l.isBlank()) generated.add(LocaleModule.normalize(l));
                }
            } catch (Exception e) {
                return FakeRunner.fail(e.toString());
            }
        }
        return null;
    }

    @Test
    void presentUncommentsAndGeneratesThenNothing() throws Exception {
        StateOutcome w = locale.expect(WOULD_CHANGE, "present", "en_US.UTF-8", true);
        assertEquals("Locale en_US.UTF-8 needs to be generated", w.comment());
        assertTrue(Files.readString(root.resolve("etc/locale.gen")).contains("# en_US.UTF-8 UTF-8"));
        StateOutcome d = locale.expect(CHANGED, "present", "en_US.UTF-8", false);
        assertEquals(Map.of("locale", "en_US.UTF-8"), d.changes());
        assertEquals("Generated locale en_US.UTF-8", d.comment());
        assertEquals("# This file lists locales\n# de_DE.UTF-8 UTF-8\nen_US.UTF-8 UTF-8\n", Files.readString(root.resolve("etc/locale.gen")));
        assertTrue(runner.ran.contains("locale-gen"));
        StateOutcome same = locale.expect(UNCHANGED, "present", "en_US.UTF-8", false);
        assertEquals("Locale en_US.UTF-8 is already present", same.comment());
        locale.expect(UNCHANGED, "present", "en_US.utf8", false);
    }

    @Test
    void aLocaleNotInSupportedFails() throws Exception {
        StateOutcome f = locale.expect(FAILED, "present", "xx_YY.UTF-8", true);
        assertTrue(f.comment().contains("not in /usr/share/i18n/SUPPORTED"), f.comment());
    }

    @Test
    void systemWritesLangWithoutSystemdAndUsesLocalectlWithIt() throws Exception {
        Files.writeString(root.resolve("etc/default/locale"), "# set by the installer\nLANG=C.UTF-8\n");
        StateOutcome w = locale.expect(WOULD_CHANGE, "system", "en_US.UTF-8", true);
        assertEquals("System locale en_US.UTF-8 needs to be set", w.comment());
        locale.expect(CHANGED, "system", "en_US.UTF-8", false);
        assertEquals("# set by the installer\nLANG=en_US.UTF-8\n", Files.readString(root.resolve("etc/default/locale")));
        assertEquals("System locale en_US.UTF-8 already set", locale.expect(UNCHANGED, "system", "en_US.UTF-8", false).comment());

        Files.createDirectories(root.resolve("run/systemd/system"));
        FakeRunner sd = new FakeRunner(argv -> argv.equals(List.of("localectl", "status"))
                ? FakeRunner.ok("   System Locale: LANG=C.UTF-8\n       VC Keymap: n/a\n") : null);
        Apply a = new Apply(new LocaleModule(new SystemRoot(root)), sd, root.resolve("state"));
        a.expect(CHANGED, "system", "en_US.UTF-8", false);
        assertTrue(sd.ran.contains("localectl set-locale LANG=en_US.UTF-8"), sd.ran.toString());
    }

    @Test
    void normalisesAsSalt() {
        assertEquals("en_US.utf8", LocaleModule.normalize("en_US.UTF-8"));
        assertEquals("de_DE.utf8@euro", LocaleModule.normalize("de_DE.UTF-8@euro"));
        assertEquals("en_US", LocaleModule.normalize("en_US"));
    }
}
