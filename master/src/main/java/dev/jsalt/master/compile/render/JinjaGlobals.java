package dev.jsalt.master.compile.render;

import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;

import java.util.List;
import java.util.Map;

/** Global template functions: jsalt's {@code mine(target, key)} and Salt's {@code raise('message')}. */
public final class JinjaGlobals {
    private JinjaGlobals() {
    }

    static List<ELFunctionDefinition> all() {
        return List.of(
                new ELFunctionDefinition("", "mine", JinjaGlobals.class, "mine", String.class, String.class),
                new ELFunctionDefinition("", "raise", JinjaGlobals.class, "raise", String.class));
    }

    /** {@code mine('role=vpn', 'tinc_pubkey')} → {minion id: value}. */
    public static Map<String, Object> mine(String target, String key) {
        return RenderScope.current().mine().get(target, key);
    }

    /** Stops the render with the template's own message, as Salt's {@code raise} does. */
    public static Object raise(String message) {
        throw new Raised(message);
    }

    /** The template's own error, reported as it was written. */
    static final class Raised extends RuntimeException {
        Raised(String message) {
            super(message);
        }
    }
}
