package dev.jsalt.minion.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalApplyTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = LocalApply.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void appliesADocumentAndPrintsResultsAsJson() throws Exception {
        Path target = dir.resolve("motd");
        Resource f = Res.of("file", "managed", target.toString(), args("contents", "hello"));
        Path docFile = dir.resolve("doc.json");
        Files.write(docFile, Json.bytes(Res.doc(f)));
        String stateDir = dir.resolve("state").toString();

        Run test = run("--test", "--state-dir", stateDir, docFile.toString());
        assertEquals(0, test.code(), test.err());
        assertEquals("WOULD_CHANGE", Json.tree(test.out().getBytes(StandardCharsets.UTF_8)).get(0).get("outcome").asText());
        assertFalse(Files.exists(target));

        Run real = run("--state-dir", stateDir, docFile.toString());
        assertEquals(0, real.code(), real.err());
        JsonNode r = Json.tree(real.out().getBytes(StandardCharsets.UTF_8)).get(0);
        assertEquals("CHANGED", r.get("outcome").asText());
        assertEquals(f.key(), r.get("key").asText());
        assertEquals("hello\n", Files.readString(target));
    }

    @Test
    void exitCodeTwoWhenAResourceFails() throws Exception {
        Resource bad = Res.of("cmd", "run", "false", args());
        Path docFile = dir.resolve("doc.json");
        Files.write(docFile, Json.bytes(Res.doc(bad)));
        Run run = run("--no-lock", docFile.toString());
        assertEquals(2, run.code());
        assertTrue(run.out().contains("\"FAILED\""), run.out());
    }

    @Test
    void unreadableInputIsAUsageError() throws Exception {
        Path docFile = dir.resolve("doc.json");
        Files.writeString(docFile, "{not json");
        Run run = run("--no-lock", docFile.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("cannot read state document"), run.err());
        assertEquals(1, run("--bogus").code());
    }
}
