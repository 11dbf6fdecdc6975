package dev.jsalt.common.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.config.ConfigFile;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.target.Target;
import dev.jsalt.common.target.TargetSyntaxException;
import dev.jsalt.common.wire.MasterKeys;
import dev.jsalt.common.wire.Wire;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Jazzer fuzz targets for every decoder in common that reads bytes from the network or a file a user writes: wire
 * messages both ways (hello and returns included), key announcements, target expressions and config files. Each may
 * refuse its input only with its own documented exception; anything else (a crash, a stack overflow, a hang) is a
 * finding. In a normal build each target runs its seed inputs (src/test/resources/.../*Inputs/); JAZZER_FUZZ=1 fuzzes
 * (see docs/security.md, "Fuzzing").
 */
class DecoderFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void minionMessages(byte[] data) {
        try {
            Wire.decodeMinion(data);
        } catch (Wire.MalformedMessageException expected) {
            // refused, as it should be
        }
    }

    @FuzzTest(maxDuration = "5m")
    void masterMessages(byte[] data) {
        try {
            Wire.decodeMaster(data);
        } catch (Wire.MalformedMessageException expected) {
            // refused
        }
    }

    @FuzzTest(maxDuration = "5m")
    void keyAnnouncements(byte[] data) {
        try {
            MasterKeys k = Json.read(data, MasterKeys.class);
            if (k != null) k.fingerprint();
        } catch (RuntimeException expected) {
            // any refusal is a RuntimeException from Json/validation; an Error would fail the test
        }
    }

    @FuzzTest(maxDuration = "5m")
    void targets(String expression) {
        // E@ hands the operator's regular expression to java.util.regex on purpose; its matching is bounded instead
        // (Jazzer's regex-injection sanitizer would report the feature itself).
        if (expression == null || expression.contains("E@")) return;
        try {
            Target.parse(expression).matches("web1", Map.of("role", "app", "os", "Debian"));
        } catch (TargetSyntaxException expected) {
            // refused
        } catch (IllegalArgumentException expected) {
            // a bad glob or pattern: refused with its message
        }
    }

    @FuzzTest(maxDuration = "5m")
    void configFiles(FuzzedDataProvider data) throws Exception {
        Path f = Files.createTempFile("fuzz", ".yaml");
        try {
            Files.write(f, data.consumeRemainingAsString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ConfigFile c = ConfigFile.load(f);
            c.string("root_dir", "/x");
            c.section("api").integer("port", 1, 1, 65535);
            c.plainMap("grains");
            c.list("reactor");
        } catch (ConfigException expected) {
            // refused with file:line
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
