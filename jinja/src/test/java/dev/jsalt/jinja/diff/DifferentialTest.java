package dev.jsalt.jinja.diff;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.JinjaException;
import dev.jsalt.jinja.RenderRequest;
import dev.jsalt.jinja.Template;
import dev.jsalt.jinja.TemplateLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders every case with the real Jinja2 (one /usr/bin/python3 process) and with jsalt's engine, and requires
 * byte-identical output, or the same error class (and, for Jinja2's own errors, the same message and line).
 * A missing python3-jinja2 fails the test: it never skips silently.
 */
class DifferentialTest {
    static final List<String> FILES = List.of("precedence.cases", "literals.cases", "strings.cases", "str-methods.cases",
            "list-dict-methods.cases", "formatting.cases", "filters.cases", "tests.cases", "loops.cases", "macros.cases",
            "imports.cases", "whitespace.cases", "undefined.cases", "errors.cases", "sandbox.cases", "salt-idioms.cases",
            "scoping.cases", "regressions.cases", "extension.cases");

    /** Errors whose message is Jinja2's own text: compared exactly. */
    private static final Set<String> MESSAGE_COMPARED = Set.of("UndefinedError", "TemplateSyntaxError", "TemplateAssertionError",
            "SecurityError", "TemplateNotFound", "TemplatesNotFound", "TemplateRuntimeError", "FilterArgumentError");

    static List<Case> allCases() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String f : FILES) {
            cases.addAll(CaseFiles.read(f));
        }
        cases.addAll(GeneratedCases.precedence());
        cases.addAll(GeneratedCases.random());
        return cases;
    }

    @Test
    void jsaltRendersLikeJinja2() throws Exception {
        String unavailable = PythonReference.unavailable();
        if (unavailable != null) {
            fail(unavailable);
        }
        List<Case> cases = allCases();
        long t0 = System.nanoTime();
        List<PythonReference.Result> expected = PythonReference.render(cases);
        long t1 = System.nanoTime();
        List<String> failures = new ArrayList<>();
        int passed = 0;
        int nondeterministic = 0;
        int refused = 0;
        Map<String, Environment> envs = new HashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String problem = compare(c, expected.get(i), envs);
            if (problem == null) {
                passed++;
                if (c.nondeterministic() != null) {
                    nondeterministic++;
                }
                if (c.expectError() != null) {
                    refused++;
                }
            } else {
                failures.add(problem);
            }
        }
        long t2 = System.nanoTime();
        System.out.printf("reference (python3-jinja2) took %d ms, jsalt %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        System.out.println("differential Jinja cases: " + cases.size() + " run, " + passed + " passed (" + nondeterministic
                + " nondeterministic, compared by outcome only; " + refused + " refused by jsalt on purpose), "
                + failures.size() + " failed");
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + cases.size() + " differential cases differ from Jinja2:\n\n" + String.join("\n\n", failures));
        }
    }

    record Outcome(boolean ok, String out, JinjaException error) {
    }

    static Outcome renderJava(Case c, Map<String, Environment> envs) {
        Environment env = envs.computeIfAbsent(c.env().toString() + "\u0000" + c.templates() + c.saltTags(), k -> {
            Environment.Builder b = Environment.builder()
                    .trimBlocks(Boolean.TRUE.equals(c.env().get("trim_blocks")))
                    .lstripBlocks(Boolean.TRUE.equals(c.env().get("lstrip_blocks")))
                    .keepTrailingNewline(Boolean.TRUE.equals(c.env().get("keep_trailing_newline")))
                    .loader(TemplateLoader.ofMap(c.templates()));
            return (c.saltTags() ? SaltLikeTags.register(b) : b).build();
        });
        try {
            Template t = c.entry() != null ? env.getTemplate(c.entry()) : env.fromString(c.template());
            Map<String, Object> globals = new HashMap<>();
            if (c.saltGlobals()) {
                globals.putAll(c.context());
            }
            globals.putAll(c.globals());
            return new Outcome(true, t.render(RenderRequest.of(c.context()).withGlobals(globals)), null);
        } catch (JinjaException e) {
            return new Outcome(false, null, e);
        } catch (RuntimeException | StackOverflowError e) {
            return new Outcome(false, null, new dev.jsalt.jinja.TemplateRuntimeError("JAVA EXCEPTION ESCAPED: " + e, e));
        }
    }

    private static String normalize(Case c, String s) {
        if (s == null || c.normalize() == null) {
            return s;
        }
        return s.replaceAll(" at 0x[0-9a-f]+", " at 0x?");
    }

    static String compare(Case c, PythonReference.Result py, Map<String, Environment> envs) {
        Outcome java = renderJava(c, envs);
        String head = "[" + c.source() + "] " + c.name() + "\n  template: " + show(c.template() != null ? c.template() : "entry " + c.entry())
                + (c.context().isEmpty() ? "" : "\n  context:  " + c.context());
        String pyText = py.ok() ? "output " + show(py.out()) : py.error() + ": " + py.message() + " (line " + py.line() + ")";
        String javaText = java.ok() ? "output " + show(java.out())
                : java.error().pythonClass() + ": " + java.error().getMessage() + " (line " + java.error().line() + ")";
        String both = head + "\n  jinja2:   " + pyText + "\n  jsalt:    " + javaText;
        if (java.error() != null && java.error().getMessage() != null && java.error().getMessage().startsWith("JAVA EXCEPTION")) {
            java.error().printStackTrace();
            return both;
        }
        if (c.expectError() != null) {
            if (java.ok() || !java.error().pythonClass().equals(c.expectError())) {
                return both + "\n  (expected jsalt to refuse with " + c.expectError() + ")";
            }
            return null;
        }
        if (py.ok() != java.ok()) {
            return both;
        }
        if (py.ok()) {
            if (c.nondeterministic() != null) {
                return null;
            }
            return normalize(c, py.out()).equals(normalize(c, java.out())) ? null : both;
        }
        if (!py.error().equals(java.error().pythonClass())) {
            return both;
        }
        if (MESSAGE_COMPARED.contains(py.error()) && !normalize(c, py.message()).equals(normalize(c, java.error().getMessage()))) {
            return both + "\n  (message differs)";
        }
        if (!c.ignoreLine() && py.line() != null && py.line() != java.error().line()) {
            return both + "\n  (line differs)";
        }
        return null;
    }

    static String show(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
