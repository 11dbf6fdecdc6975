package dev.jsalt.minion.states.mount;

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
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.FAILED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a private root with a stand-in /proc/self/mountinfo that the stand-in mount/umount commands edit, so the
 * module's decisions and fstab edits are checked without mounting anything (real tmpfs and bind mounts: the lab test).
 */
class MountModuleTest {
    static final String ROOT_LINE = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n";
    static final String FSTAB = "# /etc/fstab\nUUID=abcd / ext4 errors=remount-ro 0 1\n";
    @TempDir
    Path root;
    Path mountinfo;
    Path fstab;
    FakeRunner runner;
    Apply mount;

    @BeforeEach
    void setUp() throws Exception {
        mountinfo = Files.createDirectories(root.resolve("proc/self")).resolve("mountinfo");
        Files.writeString(mountinfo, ROOT_LINE);
        fstab = Files.createDirectories(root.resolve("etc")).resolve("fstab");
        Files.writeString(fstab, FSTAB);
        Files.createDirectories(root.resolve("srv/data"));
        runner = new FakeRunner(this::kernel);
        mount = new Apply(new MountModule(new SystemRoot(root)), runner, root.resolve("state"));
    }

    /** mount -t T -o O DEV DIR / mount -o remount,O DIR / umount DIR, on the stand-in mountinfo. */
    private CommandResult kernel(List<String> argv) {
        try {
            String info = Files.readString(mountinfo);
            String point = "/" + root.relativize(Path.of(argv.get(argv.size() - 1)));
            if (argv.get(0).equals("umount")) {
                StringBuilder sb = new StringBuilder();
                for (String l : info.split("\n")) if (!l.split(" ")[4].equals(point)) sb.append(l).append('\n');
                Files.writeString(mountinfo, sb.toString());
            } else if (argv.get(2).startsWith("remount,")) {
                String opts = argv.get(2).substring(8);
                StringBuilder sb = new StringBuilder();
                for (String l : info.split("\n")) {
                    String[] w = l.split(" ");
                    if (w[4].equals(point)) w[5] = opts.contains("ro") ? "ro,relatime" : "rw,relatime";
                    sb.append(String.join(" ", w)).append('\n');
                }
                Files.writeString(mountinfo, sb.toString());
            } else {
                String fstype = argv.get(2);
                String opts = argv.get(4);
                String dev = argv.get(5);
                String flags = Set.of(opts.split(",")).contains("ro") ? "ro,relatime" : "rw,relatime";
                String sup = fstype.equals("tmpfs") ? "rw,size=65536k,mode=755" : "rw";
                Files.writeString(mountinfo, info + "40 22 0:50 / " + point + " " + flags + " - " + fstype + " " + dev + " " + sup + "\n");
            }
            return null;
        } catch (Exception e) {
            return FakeRunner.fail(e.toString());
        }
    }

    @Test
    void mountsAndPersistsThenNothing() throws Exception {
        StateOutcome w = mount.expect(WOULD_CHANGE, "mounted", "/srv/data", true, "device", "tmpfs", "fstype", "tmpfs",
                "opts", "size=64m,mode=755", "config", fstab.toString());
        assertEquals("/srv/data would be mounted", w.comment());
        assertEquals(Map.of("mount", true, "persist", "new"), w.changes());
        assertEquals(List.of(), runner.ran);
        assertEquals(FSTAB, Files.readString(fstab));

        StateOutcome d = mount.expect(CHANGED, "mounted", "/srv/data/", false, "device", "tmpfs", "fstype", "tmpfs",
                "opts", List.of("size=64m", "mode=755"), "config", fstab.toString());
        assertEquals(Map.of("mount", true, "persist", "new"), d.changes());
        assertEquals("Target was successfully mounted; Added new entry to the fstab.", d.comment());
        assertEquals(List.of("mount -t tmpfs -o size=64m,mode=755 tmpfs " + root.resolve("srv/data")), runner.ran);
        assertEquals(FSTAB + "tmpfs\t\t/srv/data\ttmpfs\tsize=64m,mode=755\t0 0\n", Files.readString(fstab));

        StateOutcome same = mount.expect(UNCHANGED, "mounted", "/srv/data", false, "device", "tmpfs", "fstype", "tmpfs",
                "opts", "size=64m,mode=755", "config", fstab.toString());
        assertEquals("Target was already mounted. Entry already exists in the fstab.", same.comment());
    }

    @Test
    void changedOptionsRemountAndUpdateTheEntry() throws Exception {
        mount.expect(CHANGED, "mounted", "/srv/data", false, "device", "/dev/sdb1", "fstype", "ext4", "config", fstab.toString());
        runner.ran.clear();
        StateOutcome w = mount.expect(WOULD_CHANGE, "mounted", "/srv/data", true, "device", "/dev/sdb1", "fstype", "ext4",
                "opts", "ro,noauto", "config", fstab.toString());
        assertEquals("Remount would be forced because options (ro) changed", w.comment());
        StateOutcome d = mount.expect(CHANGED, "mounted", "/srv/data", false, "device", "/dev/sdb1", "fstype", "ext4",
                "opts", "ro,noauto", "config", fstab.toString());
        assertEquals(Map.of("umount", "Forced remount because options (ro) changed", "persist", "update"), d.changes());
        assertEquals(List.of("mount -o remount,ro,noauto " + root.resolve("srv/data")), runner.ran);
        assertTrue(Files.readString(fstab).endsWith("/dev/sdb1\t\t/srv/data\text4\tro,noauto\t0 0\n"));
        mount.expect(UNCHANGED, "mounted", "/srv/data", false, "device", "/dev/sdb1", "fstype", "ext4",
                "opts", "ro,noauto", "config", fstab.toString());
    }

    @Test
    void aMissingMountPointIsCreatedOnlyWithMkmnt() throws Exception {
        StateOutcome w = mount.expect(WOULD_CHANGE, "mounted", "/mnt/new", true, "device", "tmpfs", "fstype", "tmpfs", "persist", false);
        assertEquals("/mnt/new does not exist and would not be created", w.comment());
        StateOutcome f = mount.expect(FAILED, "mounted", "/mnt/new", false, "device", "tmpfs", "fstype", "tmpfs", "persist", false);
        assertEquals("Mount directory is not present", f.comment());
        assertEquals(List.of(), runner.ran);
        mount.expect(CHANGED, "mounted", "/mnt/new", false, "device", "tmpfs", "fstype", "tmpfs", "persist", false, "mkmnt", true);
        assertTrue(Files.isDirectory(root.resolve("mnt/new")));
    }

    @Test
    void fstabOnlyWithMountFalseAndSaltsMatching() throws Exception {
        Files.writeString(fstab, FSTAB + "/dev/sdc1 /old ext4 defaults 0 2\n");
        StateOutcome w = mount.expect(WOULD_CHANGE, "mounted", "/data", true, "device", "/dev/sdc1", "fstype", "ext4",
                "mount", false, "pass_num", 2, "config", fstab.toString());
        assertEquals("The /data fstab entry must be updated.", w.comment());
        mount.expect(CHANGED, "mounted", "/data", false, "device", "/dev/sdc1", "fstype", "ext4", "mount", false, "pass_num", 2,
                "config", fstab.toString());
        assertEquals(FSTAB + "/dev/sdc1\t\t/data\text4\tdefaults\t0 2\n", Files.readString(fstab), "matched on the device and replaced");
        mount.expect(UNCHANGED, "mounted", "/data", false, "device", "/dev/sdc1", "fstype", "ext4", "mount", false, "pass_num", 2,
                "config", fstab.toString());
        assertEquals(List.of(), runner.ran);
        StateOutcome missing = mount.expect(FAILED, "mounted", "/data", true, "device", "/dev/sdc1", "fstype", "ext4", "mount", false,
                "config", root.resolve("nope").toString());
        assertTrue(missing.comment().contains("the fstab was not found"), missing.comment());
    }

    @Test
    void unmountedUnmountsAndPurges() throws Exception {
        mount.expect(CHANGED, "mounted", "/srv/data", false, "device", "tmpfs", "fstype", "tmpfs", "config", fstab.toString());
        StateOutcome w = mount.expect(WOULD_CHANGE, "unmounted", "/srv/data", true, "persist", true, "config", fstab.toString());
        assertEquals("Mount point /srv/data is mounted but should not be", w.comment());
        StateOutcome d = mount.expect(CHANGED, "unmounted", "/srv/data", false, "persist", true, "config", fstab.toString());
        assertEquals(Map.of("umount", true, "persist", "purged"), d.changes());
        assertEquals(FSTAB, Files.readString(fstab));
        assertFalse(Files.readString(mountinfo).contains("/srv/data"));
        StateOutcome same = mount.expect(UNCHANGED, "unmounted", "/srv/data", false, "persist", true, "config", fstab.toString());
        assertEquals("Target was already unmounted. fstab entry not found", same.comment());
    }

    @Test
    void optionComparison() {
        MountInfo.Mount m = MountInfo.parse("40 22 0:50 / /srv/x rw,nosuid,relatime - tmpfs tmpfs rw,size=65536k,mode=1777\n").get(0);
        assertEquals(Set.of(), MountModule.differing(List.of("defaults", "nosuid", "size=64m", "mode=1777", "nofail"), m, "tmpfs", Set.of()));
        assertEquals(Set.of("noexec", "size=32m"), MountModule.differing(List.of("noexec", "size=32m", "suid"), m, "tmpfs", Set.of("suid")));
        assertEquals(Set.of("suid"), MountModule.differing(List.of("suid"), m, "tmpfs", Set.of()));
        // what the kernel really shows: tmpfs's default mode (1777) is left out
        MountInfo.Mount real = MountInfo.parse("41 22 0:51 / /srv/y rw,relatime - tmpfs tmpfs rw,size=16384k\n").get(0);
        assertEquals(Set.of(), MountModule.differing(List.of("size=16m", "mode=1777"), real, "tmpfs", Set.of()));
        assertEquals(Set.of("mode=0700"), MountModule.differing(List.of("mode=0700"), real, "tmpfs", Set.of()));
        assertEquals(Set.of("mode=1777"), MountModule.differing(List.of("mode=1777"), real, "ext4", Set.of()), "no default known");
        assertEquals("/a b", MountInfo.unescape("/a\\040b"));
    }
}
