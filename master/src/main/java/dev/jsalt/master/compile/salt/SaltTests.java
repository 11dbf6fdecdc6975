package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.Environment;

/** Salt's Jinja tests (placeholder until the full set lands: Jinja2's own tests only). */
public final class SaltTests {
    private SaltTests() {
    }

    public static void register(Environment.Builder b) {
    }
}
