package dev.jsalt.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The minion's unit restarts it whatever its exit code except a configuration error (issue 17: with
 * {@code Restart=on-failure} a minion that ended with 0 or with the SIGTERM status 143 outside a systemctl stop stayed
 * down). The exit codes not restarted are exactly those docs/install.md lists as not restarted.
 */
class MinionUnitTest {
    private static final Path UNIT = Path.of("src/deb/files/systemd/jsalt-minion.service");
    private static final Path DOC = Path.of("../docs/install.md");

    private static String value(List<String> unit, String key) {
        return unit.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1).strip())
                .reduce((a, b) -> b).orElse("");
    }

    @Test
    void restartsAfterAnyExitButAConfigurationError() throws IOException {
        List<String> unit = Files.readAllLines(UNIT);
        assertEquals("always", value(unit, "Restart"));
        assertEquals("process", value(unit, "KillMode"));
        Set<Integer> prevented = new TreeSet<>();
        for (String s : value(unit, "RestartPreventExitStatus").split("\\s+")) if (!s.isEmpty()) prevented.add(Integer.parseInt(s));

        Set<Integer> documented = new TreeSet<>();
        Pattern row = Pattern.compile("^\\s*\\|\\s*(\\d+)\\s*\\|[^|]*\\|\\s*(yes|no)\\s*\\|\\s*$");
        boolean any = false;
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = row.matcher(line);
            if (!m.matches()) continue;
            any = true;
            if (m.group(2).equals("no")) documented.add(Integer.parseInt(m.group(1)));
        }
        assertFalse(!any, "docs/install.md has the minion's exit code table");
        assertEquals(documented, prevented, "RestartPreventExitStatus vs the exit codes docs/install.md says are not restarted");
        assertEquals(Set.of(2, 3), prevented, Arrays.toString(prevented.toArray()));
    }
}
