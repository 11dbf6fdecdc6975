package dev.jsalt.e2e.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InotifyLimitsTest {

    @Test
    void aLimitBelowItsFloorIsRaisedToIt(@TempDir Path dir) throws IOException {
        Path sysctl = Files.writeString(dir.resolve("max_user_instances"), "128\n");
        assertEquals(8192, InotifyLimits.raise(sysctl, 8192));
        assertEquals("8192", Files.readString(sysctl).strip());
    }

    @Test
    void aLimitAboveItsFloorIsNeverLowered(@TempDir Path dir) throws IOException {
        Path sysctl = Files.writeString(dir.resolve("max_user_watches"), "1048576\n");
        assertEquals(1048576, InotifyLimits.raise(sysctl, 524_288));
        assertEquals("1048576", Files.readString(sysctl).strip());
    }

    /** /proc/sys answers only a read at offset 0: read a byte at a time, 8192 would be "8". */
    @Test
    void theMachinesLimitIsReadWhole() throws Exception {
        Process p = new ProcessBuilder("cat", InotifyLimits.INSTANCES.toString()).redirectErrorStream(true).start();
        String cat = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), cat);
        assertEquals(Long.parseLong(cat), InotifyLimits.read(InotifyLimits.INSTANCES));
    }

    @Test
    void aLimitThatCannotBeReadSaysWhich(@TempDir Path dir) {
        Path missing = dir.resolve("absent");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> InotifyLimits.raise(missing, 8192));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
