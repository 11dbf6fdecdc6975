package dev.jsalt.e2e.cli;

import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.Netns;
import dev.jsalt.e2e.lab.RequiresLab;
import dev.jsalt.e2e.lab.StateStore;
import dev.jsalt.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 'jsalt lab up|status|exec|down' through the real CLI entry point (the lab subcommand comes from the service file). */
@ExtendWith(RequiresLab.class)
class LabCliTest {

    @Test
    void upStatusExecDown(@TempDir Path tmp) throws Exception {
        String name = "cli" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        Path yaml = tmp.resolve("lab.yaml");
        Files.writeString(yaml, "name: " + name + "\nhosts:\n  - {name: web, index: 10, grains: {role: app}}\n  - {name: sql, index: 11, grains: {role: db}}\n");
        try {
            String up = jsalt(0, "lab", "up", yaml.toString());
            assertTrue(up.contains("web") && up.contains("10.77.0.10"), up);

            String status = jsalt(0, "lab", "status", name);
            assertTrue(status.contains("sql") && status.contains("10.77.0.11") && status.contains("db") && status.contains("up"), status);

            jsalt(0, "lab", "exec", "--lab", name, "sql", "--", "sh", "-c", "test \"$(hostname)\" = sql");
            jsalt(3, "lab", "exec", "--lab", name, "web", "--", "sh", "-c", "exit 3");

            jsalt(0, "lab", "down", name);
            assertFalse(Netns.list().stream().anyMatch(n -> name.equals(Netns.labOf(n))));
            assertFalse(Files.exists(StateStore.dir(name)));
        } finally {
            Lab.attach(name).ifPresent(Lab::down);
        }
    }

    private static String jsalt(int expectedExit, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, code, String.join(" ", args) + " printed: " + out);
        return out;
    }
}
