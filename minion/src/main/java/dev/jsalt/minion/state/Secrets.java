package dev.jsalt.minion.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Recognises sealed arg values and keeps opened secrets out of what is reported back. */
final class Secrets {
    static final String SEALED_KEY = "$sealed";
    static final String MASK = "<secret>";
    /** Shorter values would mask ordinary words in comments; modules are the first line of defence anyway. */
    private static final int MIN_SCRUB_LENGTH = 4;

    private Secrets() {
    }

    static boolean isSealed(Object value) {
        return value instanceof Map<?, ?> m && m.size() == 1 && m.get(SEALED_KEY) instanceof String;
    }

    static String sealedText(Object value) { return (String) ((Map<?, ?>) value).get(SEALED_KEY); }

    /** Defence in depth: a module that echoes a secret (e.g. a command's stdout) must not leak it to the master. */
    static StateOutcome scrub(StateOutcome out, List<String> secrets) {
        List<String> s = secrets.stream().filter(v -> v.length() >= MIN_SCRUB_LENGTH).toList();
        if (s.isEmpty()) return out;
        @SuppressWarnings("unchecked")
        Map<String, Object> changes = (Map<String, Object>) scrubValue(out.changes(), s);
        return new StateOutcome(out.outcome(), changes, (String) scrubValue(out.comment(), s));
    }

    private static Object scrubValue(Object v, List<String> secrets) {
        if (v instanceof String str) {
            for (String secret : secrets) str = str.replace(secret, MASK);
            return str;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), scrubValue(val, secrets)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(scrubValue(o, secrets));
            return out;
        }
        return v;
    }
}
