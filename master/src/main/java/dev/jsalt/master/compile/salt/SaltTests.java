package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.value.Py;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Salt 3006.1's Jinja tests: {@code match} and {@code equalto} ({@code @jinja_test} in {@code salt/utils/jinja.py})
 * and {@code list} ({@code salt.utils.data.is_list}, which {@code salt/utils/templates.py} adds).
 */
public final class SaltTests {
    private SaltTests() {
    }

    private static final Map<String, JinjaCallable> TESTS = Collections.unmodifiableMap(build());

    public static Map<String, JinjaCallable> all() {
        return TESTS;
    }

    public static Environment.Builder register(Environment.Builder b) {
        TESTS.forEach(b::test);
        return b;
    }

    private static Map<String, JinjaCallable> build() {
        Map<String, JinjaCallable> m = new LinkedHashMap<>();
        m.put("match", c -> {
            Object[] a = c.bind("test_match", new String[] {"txt", "rgx", "ignorecase", "multiline"}, false, false);
            int flags = (Py.truthy(a[2]) ? PyRegex.IGNORECASE : 0) | (Py.truthy(a[3]) ? PyRegex.MULTILINE : 0);
            return PyRegex.compile(SaltFilters.str(a[1], "test_match"), flags).pattern().matcher(SaltFilters.str(a[0], "test_match")).lookingAt();
        });
        m.put("equalto", c -> {
            Object[] a = c.bind("test_equalto", new String[] {"value", "other"});
            return Py.eq(a[0], a[1]);
        });
        m.put("list", c -> SaltFilters.isList(c.bind("is_list", new String[] {"value"})[0]));
        return m;
    }
}
