package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.state.Res;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** file.serialize's output byte for byte as Salt's serializers (PyYAML, json, configparser, plistlib) write it; file.recurse. */
class FileSerializeRecurseTest {
    @TempDir
    Path dir;

    private StateResult apply(String fn, Path path, boolean test, Object... kv) {
        return Res.apply(Res.of("file", fn, path.toString(), args(kv)), test, dir.resolve("state"));
    }

    private StateResult converge(String fn, Path path, Object... kv) {
        StateResult t = apply(fn, path, true, kv);
        assertEquals(Outcome.WOULD_CHANGE, t.outcome(), t.comment());
        StateResult r = apply(fn, path, false, kv);
        assertEquals(Outcome.CHANGED, r.outcome(), r.comment());
        assertEquals(t.changes().keySet(), r.changes().keySet());
        StateResult again = apply(fn, path, false, kv);
        assertEquals(Outcome.UNCHANGED, again.outcome(), again.comment() + " " + again.changes());
        return r;
    }

    private static Map<String, Object> data() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("x", "true");
        inner.put("y", null);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("b", new ArrayList<>(Arrays.asList(1, 2, inner)));
        d.put("a", "hello world: x");
        d.put("c", "multi\nline");
        d.put("d", 1.5);
        d.put("e", true);
        d.put("f", "");
        d.put("g", "x".repeat(90) + " " + "y".repeat(10));
        d.put("n", Map.of());
        d.put("l", List.of());
        d.put("big", 1e20);
        d.put("small", 0.00001);
        d.put("neg", -3);
        return d;
    }

    @Test
    void yamlIsPyYamlsBlockStyle() throws Exception {
        Path f = dir.resolve("data.yaml");
        converge("serialize", f, "dataset", data());
        assertEquals("a: 'hello world: x'\nb:\n- 1\n- 2\n- x: 'true'\n  y: null\nbig: 1.0e+20\nc: 'multi\n\n  line'\nd: 1.5\n"
                + "e: true\nf: ''\ng: " + "x".repeat(90) + "\n  yyyyyyyyyy\nl: []\nn: {}\nneg: -3\nsmall: 1.0e-05\n", Files.readString(f));
    }

    @Test
    void jsonIsSortedWithTwoSpaces() throws Exception {
        Path f = dir.resolve("data.json");
        converge("serialize", f, "dataset", data(), "serializer", "json", "mode", "0600");
        assertEquals("{\n  \"a\": \"hello world: x\",\n  \"b\": [\n    1,\n    2,\n    {\n      \"x\": \"true\",\n      \"y\": null\n"
                + "    }\n  ],\n  \"big\": 1e+20,\n  \"c\": \"multi\\nline\",\n  \"d\": 1.5,\n  \"e\": true,\n  \"f\": \"\",\n"
                + "  \"g\": \"" + "x".repeat(90) + " yyyyyyyyyy\",\n  \"l\": [],\n  \"n\": {},\n  \"neg\": -3,\n  \"small\": 1e-05\n}\n",
                Files.readString(f));
        assertEquals(0600, (Integer) Files.getAttribute(f, "unix:mode") & 07777);
    }

    @Test
    void iniAndPlist() throws Exception {
        Path ini = dir.resolve("app.ini");
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("main", new LinkedHashMap<>(Map.of("Key", "a\nb")));
        sections.put("opts", new LinkedHashMap<>(Map.of("flag", true)));
        converge("serialize", ini, "dataset", sections, "formatter", "ini");
        assertEquals("[main]\nkey = a\n\tb\n\n[opts]\nflag = True\n\n\n", Files.readString(ini));

        Path plist = dir.resolve("x.plist");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("b", List.of(1, "x", 2.5));
        d.put("a", new LinkedHashMap<>(Map.of("k", "v")));
        converge("serialize", plist, "dataset", d, "serializer", "plist");
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                + "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>\n\t<key>a</key>\n\t<dict>\n"
                + "\t\t<key>k</key>\n\t\t<string>v</string>\n\t</dict>\n\t<key>b</key>\n\t<array>\n\t\t<integer>1</integer>\n"
                + "\t\t<string>x</string>\n\t\t<real>2.5</real>\n\t</array>\n</dict>\n</plist>\n", Files.readString(plist));
    }

    @Test
    void mergeIfExistsKeepsWhatTheFileHas() throws Exception {
        Path f = dir.resolve("m.json");
        Files.writeString(f, "{\"keep\": 1, \"set\": {\"a\": 1}}");
        converge("serialize", f, "dataset", Map.of("set", Map.of("b", 2)), "serializer", "json", "merge_if_exists", true);
        assertEquals("{\n  \"keep\": 1,\n  \"set\": {\n    \"a\": 1,\n    \"b\": 2\n  }\n}\n", Files.readString(f));
    }

    @Test
    void unknownSerializerFails() {
        StateResult r = apply("serialize", dir.resolve("x"), false, "dataset", Map.of("a", 1), "serializer", "toml");
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.comment().startsWith("The toml serializer could not be found"), r.comment());
    }

    private static Map<String, Object> file(String path, String contents) { return Map.of("path", path, "type", "file", "contents", contents); }

    @Test
    void recurseCreatesUpdatesAndCleans() throws Exception {
        Path root = dir.resolve("srv/app");
        List<Object> files = List.of(file("a.conf", "a\n"), Map.of("path", "sub", "type", "dir"), file("sub/b.conf", "b\n"));
        StateResult r = converge("recurse", root, "files", files, "file_mode", "0640", "dir_mode", "0750");
        assertEquals("Recursively updated " + root, r.comment());
        assertEquals("a\n", Files.readString(root.resolve("a.conf")));
        assertEquals(0640, (Integer) Files.getAttribute(root.resolve("sub/b.conf"), "unix:mode") & 07777);
        assertEquals(0750, (Integer) Files.getAttribute(root.resolve("sub"), "unix:mode") & 07777);
        assertEquals(Map.of("diff", "New file"), r.changes().get(root.resolve("a.conf").toString()));

        // a changed source file, a stray file, and an excluded one
        Files.writeString(root.resolve("stray"), "x");
        Files.writeString(root.resolve("keep.local"), "x");
        Files.createDirectories(root.resolve("old/deep"));
        List<Object> files2 = List.of(file("a.conf", "A\n"), Map.of("path", "sub", "type", "dir"), file("sub/b.conf", "b\n"));
        StateResult c = converge("recurse", root, "files", files2, "file_mode", "0640", "dir_mode", "0750", "clean", true,
                "exclude_pat", "*.local");
        assertEquals(List.of(root.resolve("old").toString(), root.resolve("stray").toString()), c.changes().get("removed"));
        assertFalse(Files.exists(root.resolve("stray")));
        assertFalse(Files.exists(root.resolve("old"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(root.resolve("keep.local")));
        assertEquals("A\n", Files.readString(root.resolve("a.conf")));
    }

    @Test
    void recurseMakesTheSourcesLinksAsLinksWithKeepSymlinks() throws Exception {
        Path root = dir.resolve("srv/links");
        List<Object> files = List.of(Map.of("path", "sub", "type", "dir"), file("sub/real.conf", "r\n"),
                Map.of("path", "current", "type", "symlink", "target", "sub/real.conf"),
                Map.of("path", "sub/abs", "type", "symlink", "target", "/etc/hostname"));
        StateResult r = converge("recurse", root, "files", files);
        assertEquals(Path.of("sub/real.conf"), Files.readSymbolicLink(root.resolve("current")));
        assertEquals(Path.of("/etc/hostname"), Files.readSymbolicLink(root.resolve("sub/abs")));
        assertEquals(Map.of("new", "sub/real.conf"), r.changes().get(root.resolve("current").toString()));

        // a link whose target changed in the source is replaced; clean keeps the links
        List<Object> moved = List.of(Map.of("path", "sub", "type", "dir"), file("sub/real.conf", "r\n"),
                Map.of("path", "current", "type", "symlink", "target", "sub/other.conf"));
        StateResult m = converge("recurse", root, "files", moved, "clean", true);
        assertEquals(Map.of("old", "sub/real.conf", "new", "sub/other.conf"), m.changes().get(root.resolve("current").toString()));
        assertFalse(Files.exists(root.resolve("sub/abs"), LinkOption.NOFOLLOW_LINKS));

        // a file in a link's way: refused unless force_symlinks, and nothing changes in test mode
        Files.delete(root.resolve("current"));
        Files.writeString(root.resolve("current"), "plain");
        StateResult refused = apply("recurse", root, false, "files", moved);
        assertEquals(Outcome.FAILED, refused.outcome());
        assertTrue(refused.comment().contains("force_symlinks"), refused.comment());
        assertEquals("plain", Files.readString(root.resolve("current")));
        StateResult forced = converge("recurse", root, "files", moved, "force_symlinks", true);
        assertEquals(Path.of("sub/other.conf"), Files.readSymbolicLink(root.resolve("current")));
        assertEquals("a file removed", ((Map<?, ?>) forced.changes().get(root.resolve("current").toString())).get("old"));
    }

    @Test
    void aModeShippedWithAFileIsItsOwn() throws Exception {
        Path root = dir.resolve("srv/keep");
        Map<String, Object> script = new LinkedHashMap<>(file("run.sh", "#!/bin/sh\n"));
        script.put("mode", "0755");
        converge("recurse", root, "files", List.of(script, file("plain.conf", "x\n")), "file_mode", "0600");
        assertEquals(0755, (Integer) Files.getAttribute(root.resolve("run.sh"), "unix:mode") & 07777);
        assertEquals(0600, (Integer) Files.getAttribute(root.resolve("plain.conf"), "unix:mode") & 07777);
    }
}
