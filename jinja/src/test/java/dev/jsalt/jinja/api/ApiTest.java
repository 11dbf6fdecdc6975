package dev.jsalt.jinja.api;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.JinjaException;
import dev.jsalt.jinja.JinjaObject;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.RenderRequest;
import dev.jsalt.jinja.Template;
import dev.jsalt.jinja.TemplateNotFound;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.TemplateSource;
import dev.jsalt.jinja.TemplateSyntaxError;
import dev.jsalt.jinja.UndefinedError;
import dev.jsalt.jinja.value.Missing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The host-facing API: loader, registration of filters/tests/globals, host objects, errors, caching. */
class ApiTest {

    @Test
    void rendersWithVariablesAndGlobals() {
        Environment env = Environment.builder().global("site", "example.org").build();
        Template t = env.fromString("{{ name }}@{{ site }}");
        assertEquals("root@example.org", t.render(Map.of("name", "root")));
        assertEquals("root@override", t.render(Map.of("name", "root"), Map.of("site", "override")));
    }

    @Test
    void loaderResolvesRelativeNamesAndNamesErrors() {
        Map<String, String> files = Map.of("formula/init.sls", "{% include './part.sls' %}", "formula/part.sls", "line\n{{ missing }}");
        // the host resolves names relative to the including template and returns the canonical name
        Environment env = Environment.builder().loader((name, parent) -> {
            String resolved = name;
            if (name.startsWith("./") && parent != null) {
                resolved = parent.substring(0, parent.lastIndexOf('/') + 1) + name.substring(2);
            }
            if (resolved.contains("..")) {
                return Optional.empty();
            }
            String src = files.get(resolved);
            return src == null ? Optional.empty() : Optional.of(new TemplateSource(resolved, src));
        }).build();
        UndefinedError e = assertThrows(UndefinedError.class, () -> env.getTemplate("formula/init.sls").render(Map.of()));
        assertEquals("formula/part.sls", e.templateName());
        assertEquals(2, e.line());
        assertEquals("'missing' is undefined", e.getMessage());
        assertEquals("formula/part.sls:2: 'missing' is undefined", e.describe());
        TemplateNotFound nf = assertThrows(TemplateNotFound.class, () -> env.fromString("{% include '../etc/passwd' %}").render(Map.of()));
        assertEquals("../etc/passwd", nf.getMessage());
        assertEquals(1, nf.line());
    }

    @Test
    void templatesAreParsedOnceAndCached() {
        AtomicInteger loads = new AtomicInteger();
        Environment env = Environment.builder().loader((name, parent) -> {
            loads.incrementAndGet();
            return Optional.of(new TemplateSource(name, "x{{ 1 }}"));
        }).build();
        Template a = env.getTemplate("a");
        Template b = env.getTemplate("a");
        assertEquals(2, loads.get(), "the loader is asked every time (sources may change)");
        assertSame(a.compiled(), b.compiled(), "but the same source is parsed once");
        assertSame(env.fromString("{{ 2 }}").compiled(), env.fromString("{{ 2 }}").compiled());
    }

    @Test
    void customFilterWithArgumentsAndKeywords() {
        JinjaCallable wrap = call -> {
            Object[] a = call.bind("wrap", new String[] {"value", "left", "right"}, "[", "]");
            return a[1] + String.valueOf(a[0]) + a[2];
        };
        Environment env = Environment.builder().filter("wrap", wrap).build();
        assertEquals("[x] <x> (x]", env.fromString("{{ 'x'|wrap }} {{ 'x'|wrap('<', '>') }} {{ 'x'|wrap(left='(') }}").render(Map.of()));
        PythonError e = assertThrows(PythonError.class, () -> env.fromString("{{ 'x'|wrap(nope=1) }}").render(Map.of()));
        assertEquals("TypeError", e.pythonClass());
        assertEquals("wrap() got an unexpected keyword argument 'nope'", e.getMessage());
    }

    @Test
    void customTestAndGlobalFunction() {
        Environment env = Environment.builder()
                .test("port", call -> call.args().get(0) instanceof Long l && l > 0 && l < 65536)
                .global("double", (JinjaCallable) call -> (Long) call.args().get(0) * 2)
                .build();
        assertEquals("True False 42", env.fromString("{{ 80 is port }} {{ 99999 is port }} {{ double(21) }}").render(Map.of()));
    }

    @Test
    void contextFunctionSeesLoopVariablesLikePassContext() {
        JinjaCallable show = call -> call.context().resolve("x");
        Environment env = Environment.builder().global("show", show).build();
        assertEquals("0:1 0:2 0", env.fromString("{% set x = 0 %}{% for i in [1, 2] %}{{ x }}:{% set x = i %}{{ show() }} {% endfor %}{{ x }}")
                .render(Map.of()));
    }

    @Test
    void hostObjectsExposeOnlyWhatTheyChoose() {
        record Secret(String token, String value) implements JinjaObject {
            @Override
            public Object getAttr(String name) {
                return name.equals("token") ? token : Missing.MISSING;
            }

            @Override
            public String str() {
                return token;
            }
        }
        Environment env = Environment.salt();
        Map<String, Object> vars = Map.of("s", new Secret("TOKEN", "plaintext"));
        assertEquals("TOKEN TOKEN", env.fromString("{{ s }} {{ s.token }}").render(vars));
        assertThrows(UndefinedError.class, () -> env.fromString("{{ s.value }}").render(vars), "a record component is not exposed");
        assertThrows(dev.jsalt.jinja.SecurityError.class, () -> env.fromString("{{ s.__class__ }}").render(vars));
        // a plain Java object is opaque: no getters, no methods
        Map<String, Object> plain = Map.of("o", new StringBuilder("sb"));
        assertThrows(UndefinedError.class, () -> env.fromString("{{ o.length }}").render(plain));
        assertEquals("<java StringBuilder object>", env.fromString("{{ o }}").render(plain));
    }

    @Test
    void hostValuesMapToPythonTypes() {
        Environment env = Environment.salt();
        Map<String, Object> vars = Map.of("i", 5, "l", 5L, "d", 1.5f, "b", true, "list", List.of(1, "a"), "map", Map.of("k", 1),
                "big", new java.math.BigInteger("123456789012345678901234567890"));
        assertEquals("10 10 3.0 2 [1, 'a'] {'k': 1} 246913578024691357802469135780 int",
                env.fromString("{{ i * 2 }} {{ l * 2 }} {{ d * 2 }} {{ b + 1 }} {{ list }} {{ map }} {{ big * 2 }} {{ i.__class__ is defined or 'int' }}")
                        .render(vars));
        // a host list is iterated live and mutated in place, as Salt mutates pillar data
        List<Object> data = new ArrayList<>(List.of(1));
        env.fromString("{% do data.append(2) %}").render(Map.of("data", data));
        assertEquals(List.of(1, 2L), data);
        // a read-only host collection refuses mutation with a TypeError, not an UnsupportedOperationException
        PythonError e = assertThrows(PythonError.class, () -> env.fromString("{% do data.append(2) %}").render(Map.of("data", List.of(1))));
        assertEquals("TypeError", e.pythonClass());
    }

    @Test
    void javaExceptionsNeverEscape() {
        Environment env = Environment.builder().filter("boom", call -> {
            throw new NullPointerException("host bug");
        }).build();
        TemplateRuntimeError e = assertThrows(TemplateRuntimeError.class, () -> env.fromString("a\n{{ 1|boom }}").render(Map.of()));
        assertEquals("host bug", e.getMessage(), "a host function's own failure keeps its message");
        assertEquals(2, e.line());
        assertInstanceOf(NullPointerException.class, e.getCause());
        // a host function reporting a template-facing failure throws a JinjaException itself
        Environment raising = Environment.builder().global("raise", (JinjaCallable) call -> {
            throw new TemplateRuntimeError(String.valueOf(call.args().get(0)));
        }).build();
        TemplateRuntimeError raised = assertThrows(TemplateRuntimeError.class,
                () -> raising.fromString("{{ raise('custom failure') }}").render(Map.of()));
        assertEquals("custom failure", raised.getMessage());
    }

    @Test
    void syntaxErrorsCarryLineAndName() {
        Environment env = Environment.builder().loader(dev.jsalt.jinja.TemplateLoader.ofMap(Map.of("bad.sls", "ok\n{% if %}"))).build();
        TemplateSyntaxError e = assertThrows(TemplateSyntaxError.class, () -> env.getTemplate("bad.sls"));
        assertEquals("bad.sls", e.templateName());
        assertEquals(2, e.line());
        assertEquals("Expected an expression, got 'end of statement block'", e.getMessage());
        TemplateSyntaxError unknown = assertThrows(TemplateSyntaxError.class, () -> env.fromString("{{ 1|nosuch }}"));
        assertTrue(unknown.isAssertion());
        assertNull(unknown.templateName());
    }

    @Test
    void autoescapeBlocksAreRefusedClearly() {
        TemplateSyntaxError e = assertThrows(TemplateSyntaxError.class,
                () -> Environment.salt().fromString("{% autoescape true %}{{ '<' }}{% endautoescape %}"));
        assertTrue(e.getMessage().contains("autoescape"), e.getMessage());
        assertEquals("<", Environment.salt().fromString("{% autoescape false %}{{ '<' }}{% endautoescape %}").render(Map.of()));
    }

    @Test
    void saltRequestPutsTheContextInGlobalsForImports() {
        Environment env = Environment.builder().loader(dev.jsalt.jinja.TemplateLoader.ofMap(Map.of("map.jinja", "{% set os = grains.os %}")))
                .build();
        Template t = env.fromString("{% from 'map.jinja' import os %}{{ os }}");
        Map<String, Object> ctx = Map.of("grains", Map.of("os", "Debian"));
        assertEquals("Debian", t.render(RenderRequest.salt(ctx)));
        // plain render(**ctx) does not: the import sees only globals, as in Jinja2
        assertThrows(UndefinedError.class, () -> t.render(ctx));
    }

    @Test
    void invocationBindsLikePython() {
        Invocation call = new Invocation(null, List.of(1L), Map.of("b", 2L));
        Object[] a = call.bind("f", new String[] {"a", "b", "c"}, 3L);
        assertEquals(List.of(1L, 2L, 3L), List.of(a));
        JinjaException missing = assertThrows(PythonError.class, () -> new Invocation(null, List.of(), Map.of())
                .bind("f", new String[] {"a", "b"}));
        assertEquals("f() missing 2 required positional arguments: 'a' and 'b'", missing.getMessage());
    }
}
