package dev.jsalt.e2e.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which images of other recipes a new image build may remove: none that a host has mounted or that was used lately. */
class LabImageTest {
    @Test
    void lowerDirsAreReadFromOverlayMountsOnly() {
        String mountinfo = String.join("\n",
                "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
                "301 22 0:61 / /var/lib/jsalt-lab/labs/x/hosts/h1/root rw,relatime - overlay overlay "
                        + "rw,lowerdir=/var/cache/jsalt-lab/images/bookworm-aaaa/root,upperdir=/u,workdir=/w",
                "302 22 0:62 / /mnt/two rw - overlay overlay rw,lowerdir=/a/b\\040c:/d,upperdir=/u2,workdir=/w2",
                "");
        assertEquals(Set.of("/var/cache/jsalt-lab/images/bookworm-aaaa/root", "/a/b c", "/d"), LabImage.lowerDirs(mountinfo));
    }

    @Test
    void anImageInUseOrUsedLatelyIsKept(@TempDir Path images) throws Exception {
        Instant now = Instant.now();
        Path old = Files.createDirectories(images.resolve("bookworm-old"));
        Files.writeString(old.resolve("ready"), "built\n");
        Files.setLastModifiedTime(old.resolve("ready"), FileTime.from(now.minus(Duration.ofDays(30))));
        assertTrue(LabImage.removable(old, Set.of(), now), "built long ago, never used since");
        assertFalse(LabImage.removable(old, Set.of(old.resolve("root").toString()), now), "a host's overlay sits on it");

        Files.writeString(old.resolve("used"), "");
        Files.setLastModifiedTime(old.resolve("used"), FileTime.from(now.minus(Duration.ofHours(3))));
        assertFalse(LabImage.removable(old, Set.of(), now), "another checkout used it three hours ago");
        Files.setLastModifiedTime(old.resolve("used"), FileTime.from(now.minus(LabImage.KEEP_UNUSED).minus(Duration.ofMinutes(1))));
        assertTrue(LabImage.removable(old, Set.of(), now), "unused for longer than " + LabImage.KEEP_UNUSED);
    }
}
