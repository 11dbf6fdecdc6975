package dev.jsalt.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every {@code bin/jsalt ...} line in README.md names real subcommands and options (parsed, not run). */
class ReadmeCommandsTest {
    /** Commands added by modules master does not depend on. */
    private static final Set<String> ELSEWHERE = Set.of("lab");

    @Test
    void readmeCommandsParse() throws IOException {
        List<List<String>> commands = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            if (!line.startsWith("bin/jsalt ")) continue;
            for (List<String> words : split(line)) {
                assertEquals("bin/jsalt", words.get(0), line);
                commands.add(words.subList(1, words.size()));
            }
        }
        assertTrue(commands.size() >= 15, "README's command list found: " + commands);
        Set<String> skipped = new TreeSet<>();
        for (List<String> args : commands) {
            CommandLine cli = Main.withExtensions();
            if (!cli.getSubcommands().containsKey(args.get(0))) {
                skipped.add(args.get(0));
                continue;
            }
            try {
                cli.parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                fail("README: jsalt " + String.join(" ", args) + ": " + e.getMessage());
            }
        }
        assertTrue(ELSEWHERE.containsAll(skipped), "README names commands jsalt does not have: " + skipped);
    }

    /** Shell words of a README line: single quotes, ';' between commands, '#' comments. */
    static List<List<String>> split(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\'') quoted = false; else w.append(c);
            } else if (c == '\'') {
                quoted = true;
                if (w == null) w = new StringBuilder();
            } else if (c == ' ' || c == ';' || (c == '#' && w == null)) {
                if (w != null) words.add(w.toString());
                w = null;
                if (c == ';' || c == '#') {
                    if (!words.isEmpty()) commands.add(words);
                    words = new ArrayList<>();
                    if (c == '#') return commands;
                }
            } else {
                if (w == null) w = new StringBuilder();
                w.append(c);
            }
        }
        if (w != null) words.add(w.toString());
        if (!words.isEmpty()) commands.add(words);
        return commands;
    }
}
