package dev.jsalt.master.statetree;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirStateTreeTest {
    @TempDir
    Path tmp;

    @Test
    void readsListsAndJails() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("tree"));
        Files.createDirectories(root.resolve("nginx"));
        Files.writeString(root.resolve("top.sls"), "base: {}\n");
        Files.writeString(root.resolve("nginx/init.sls"), "x: {}\n");
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(root.resolve("escape.sls"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("inside.sls"), root.resolve("top.sls"));

        DirStateTree tree = new DirStateTree(root);
        assertEquals("base: {}\n", new String(tree.read("top.sls").orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(tree.exists("nginx//init.sls"));
        assertFalse(tree.exists("nginx"), "folders are not files");
        assertTrue(tree.read("missing.sls").isEmpty());
        assertTrue(tree.read("escape.sls").isEmpty(), "a symlink out of the tree is not served");
        assertTrue(tree.exists("inside.sls"), "a symlink within the tree is fine");
        assertEquals(List.of("inside.sls", "nginx/init.sls", "top.sls"), tree.list(""));
        assertEquals(List.of("nginx/init.sls"), tree.list("nginx"));
        assertEquals("dir:" + root.toRealPath(), tree.source());
        assertThrows(TreePathException.class, () -> tree.read("../secret.txt"));
    }
}
