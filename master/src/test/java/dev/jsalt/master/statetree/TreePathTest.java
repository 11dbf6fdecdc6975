package dev.jsalt.master.statetree;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TreePathTest {

    @Test
    void normalizesHarmlessForms() {
        assertEquals("a/b/c", TreePath.normalize("a/./b//c/"));
        assertEquals("", TreePath.normalize("."));
        assertEquals("top.sls", TreePath.normalize("./top.sls"));
    }

    @Test
    void refusesEscapes() {
        assertEquals("bad state tree path '../etc/passwd': '..' is not allowed",
                assertThrows(TreePathException.class, () -> TreePath.normalize("../etc/passwd")).getMessage());
        assertEquals("bad state tree path 'a/../../b': '..' is not allowed",
                assertThrows(TreePathException.class, () -> TreePath.normalize("a/../../b")).getMessage());
        assertEquals("bad state tree path '/etc/passwd': absolute paths are not allowed",
                assertThrows(TreePathException.class, () -> TreePath.normalize("/etc/passwd")).getMessage());
        assertEquals("bad state tree path 'a\\b': backslashes are not allowed (use /)",
                assertThrows(TreePathException.class, () -> TreePath.normalize("a\\b")).getMessage());
        assertEquals("bad state tree path 'a\\0b': NUL byte",
                assertThrows(TreePathException.class, () -> TreePath.normalize("a\0b")).getMessage());
    }

    @Test
    void resolvesRelativeToTheImportingFile() {
        assertEquals("nginx/map.jinja", TreePath.resolve("nginx/init.sls", "./map.jinja"));
        assertEquals("common/defaults.yaml", TreePath.resolve("nginx/conf/init.sls", "../../common/defaults.yaml"));
        assertEquals("nginx/map.jinja", TreePath.resolve("other/init.sls", "nginx/map.jinja"), "plain names are tree-root relative");
        assertEquals("bad state tree path '../../x': climbs above the state tree root",
                assertThrows(TreePathException.class, () -> TreePath.resolve("nginx/init.sls", "../../x")).getMessage());
    }
}
