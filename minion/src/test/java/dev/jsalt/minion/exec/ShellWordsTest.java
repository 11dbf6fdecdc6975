package dev.jsalt.minion.exec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellWordsTest {
    @Test
    void splitsLikeAShellWithoutExpanding() {
        assertEquals(List.of("echo", "a b", "c", "it's", "x\"y", "*.txt", "~"),
                ShellWords.split("  echo 'a b'  c \"it's\" \"x\\\"y\" *.txt ~ "));
        assertEquals(List.of("a", "b c"), ShellWords.split("a b\\ c"));
        assertEquals(List.of("grep", "-q", "a|b;c", "/etc/x"), ShellWords.split("grep -q 'a|b;c' /etc/x"));
        assertEquals(List.of("x", ""), ShellWords.split("x ''"));
    }

    @Test
    void refusesShellSyntaxItWouldNotHonour() {
        for (String s : List.of("a | b", "a && b", "a; b", "echo > /x", "echo $HOME", "echo `id`", "echo \"$HOME\"", "(a)")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShellWords.split(s), s);
            assertTrue(e.getMessage().contains("shell: true"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo 'open"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("   "));
    }
}
