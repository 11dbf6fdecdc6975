package dev.jsalt.master.compile.salt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.JinjaException;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.RenderRequest;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Salt's filters and tests, differential: every case of {@code salt-filter-cases/*.cases} is rendered by
 * {@code /usr/bin/python3} with Debian's python3-jinja2 and python3-yaml in Salt's environment
 * ({@code salt_filters_reference.py}, which restates each Salt 3006.1 filter) and by jsalt's engine with
 * {@link SaltFilters} and {@link SaltTests}; the output must be byte-identical, or both must fail (with the same
 * error class when it is one jsalt models). A missing reference fails the test: it never skips.
 *
 * <p>Case format (as jinja's cases): {@code === name}, optional {@code --- context: {json}} (dicts are Python
 * dicts), {@code --- odict_context: {json}} (dicts are OrderedDicts, as Salt's pillar), {@code --- nondeterministic:
 * why} (compared by outcome only), {@code --- expect_error: why} (jsalt refuses on purpose: only jsalt must fail),
 * then the template up to the next case.
 */
class SaltFiltersDifferentialTest {
    static final String PYTHON = "/usr/bin/python3";
    static final String HINT = "the differential test of Salt's filters needs /usr/bin/python3 with python3-jinja2 and python3-yaml"
            + " (apt-get install python3-jinja2 python3-yaml; bin/jsalt-test installs them through e2e/lab-deps.sh)";
    static final List<String> FILES = List.of("yaml.cases", "json.cases", "strings.cases", "lists.cases", "hashes.cases",
            "network.cases", "misc.cases");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Error classes jsalt reproduces: when Python raises one of them, jsalt must raise the same. */
    private static final Set<String> CLASS_COMPARED;

    static {
        Set<String> s = new java.util.HashSet<>(Set.of("UndefinedError", "TemplateRuntimeError", "TemplateSyntaxError", "SecurityError"));
        for (PythonError.Kind k : PythonError.Kind.values()) {
            s.add(k.name());
        }
        CLASS_COMPARED = Set.copyOf(s);
    }

    record Case(String file, String name, String template, String context, boolean odict, String nondeterministic, String expectError) {
    }

    record PyResult(boolean ok, String out, String error, String message) {
    }

    static List<Case> read(String file) throws IOException {
        String text;
        try (InputStream in = SaltFiltersDifferentialTest.class.getResourceAsStream("/salt-filter-cases/" + file)) {
            if (in == null) {
                throw new IOException("missing case file " + file);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length && !lines[i].startsWith("=== ")) {
            i++;
        }
        while (i < lines.length) {
            String name = lines[i].substring(4).strip();
            i++;
            String context = null;
            boolean odict = false;
            String nondet = null;
            String expect = null;
            while (i < lines.length && lines[i].startsWith("--- ")) {
                String d = lines[i].substring(4);
                int colon = d.indexOf(':');
                String key = colon < 0 ? d.strip() : d.substring(0, colon).strip();
                String value = colon < 0 ? null : d.substring(colon + 1).strip();
                switch (key) {
                    case "context" -> context = value;
                    case "odict_context" -> {
                        context = value;
                        odict = true;
                    }
                    case "nondeterministic" -> nondet = value;
                    case "expect_error" -> expect = value;
                    case "template-json" -> {
                        cases.add(new Case(file, name, JSON.readValue(value, String.class), context, odict, nondet, expect));
                        name = null;
                    }
                    default -> throw new IOException(file + ": case '" + name + "': unknown directive " + key);
                }
                i++;
            }
            int end = i;
            while (end < lines.length && !lines[end].startsWith("=== ")) {
                end++;
            }
            if (name != null) {
                int last = end;
                while (last > i && lines[last - 1].isEmpty()) {
                    last--;
                }
                cases.add(new Case(file, name, String.join("\n", java.util.Arrays.asList(lines).subList(i, last)), context, odict, nondet, expect));
            }
            i = end;
        }
        return cases;
    }

    static String unavailable() {
        if (!new File(PYTHON).canExecute()) {
            return PYTHON + " is missing. " + HINT;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import jinja2, yaml; yaml.CSafeDumper").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "jinja2 or yaml (with libyaml) is not importable by " + PYTHON + ": " + out + HINT;
            }
        } catch (IOException e) {
            return PYTHON + " cannot be run: " + e.getMessage() + ". " + HINT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    static List<PyResult> reference(List<Case> cases) throws Exception {
        Path script = Files.createTempFile("salt_filters_reference", ".py");
        try (InputStream in = SaltFiltersDifferentialTest.class.getResourceAsStream("/salt_filters_reference.py")) {
            Files.write(script, in.readAllBytes());
        }
        try {
            ObjectNode request = JSON.createObjectNode();
            ArrayNode list = request.putArray("cases");
            for (Case c : cases) {
                ObjectNode n = list.addObject();
                n.put("template", c.template());
                n.put("context_json", c.context());
                n.put("odict", c.odict());
            }
            byte[] input = JSON.writeValueAsBytes(request);
            Process p = new ProcessBuilder(PYTHON, script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            Thread writer = new Thread(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(input);
                } catch (IOException ignored) {
                    // the reader reports it
                }
            });
            writer.start();
            byte[] output = p.getInputStream().readAllBytes();
            writer.join();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("the reference renderer failed: " + new String(output, StandardCharsets.UTF_8) + "\n" + HINT);
            }
            List<PyResult> results = new ArrayList<>();
            for (JsonNode r : JSON.readTree(output).get("results")) {
                results.add(new PyResult(r.get("ok").asBoolean(), r.has("out") ? r.get("out").asText() : null,
                        r.has("error") ? r.get("error").asText() : null, r.has("message") ? r.get("message").asText() : null));
            }
            return results;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static Environment environment() {
        return SaltTests.register(SaltFilters.register(Environment.builder())).build();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> context(Case c) {
        if (c.context() == null) {
            return Map.of();
        }
        Object v = PyJson.loads(c.context());
        if (c.odict()) {
            v = ordered(v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) v).forEach((k, x) -> out.put((String) k, x));
        return out;
    }

    private static Object ordered(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, ordered(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(ordered(x));
            }
            return out;
        }
        return v;
    }

    @Test
    void saltFiltersRenderLikeSalt() throws Exception {
        String why = unavailable();
        if (why != null) {
            fail(why);
        }
        List<Case> cases = new ArrayList<>();
        for (String f : FILES) {
            cases.addAll(read(f));
        }
        List<PyResult> expected = reference(cases);
        Environment env = environment();
        List<String> failures = new ArrayList<>();
        int refused = 0;
        int nondet = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            PyResult py = expected.get(i);
            String javaOut = null;
            JinjaException javaErr = null;
            try {
                javaOut = env.fromString(c.template()).render(RenderRequest.of(context(c)));
            } catch (JinjaException e) {
                javaErr = e;
            } catch (RuntimeException e) {
                javaErr = new dev.jsalt.jinja.TemplateRuntimeError("JAVA EXCEPTION ESCAPED: " + e, e);
                e.printStackTrace();
            }
            String pyText = py.ok() ? "output " + show(py.out()) : py.error() + ": " + py.message();
            String javaText = javaErr == null ? "output " + show(javaOut) : javaErr.pythonClass() + ": " + javaErr.getMessage();
            String both = "[" + c.file() + "] " + c.name() + "\n  template: " + show(c.template())
                    + (c.context() == null ? "" : "\n  context:  " + c.context()) + "\n  salt:     " + pyText + "\n  jsalt:    " + javaText;
            String problem = null;
            if (javaErr != null && javaErr.getMessage() != null && javaErr.getMessage().startsWith("JAVA EXCEPTION")) {
                problem = both;
            } else if (c.expectError() != null) {
                if (javaErr == null) {
                    problem = both + "\n  (jsalt should refuse this: " + c.expectError() + ")";
                } else {
                    refused++;
                }
            } else if (py.ok() != (javaErr == null)) {
                problem = both;
            } else if (py.ok()) {
                if (c.nondeterministic() != null) {
                    nondet++;
                } else if (!py.out().equals(javaOut)) {
                    problem = both;
                }
            } else if (CLASS_COMPARED.contains(py.error()) && !py.error().equals(javaErr.pythonClass())) {
                problem = both + "\n  (error class differs)";
            }
            if (problem != null) {
                failures.add(problem);
            }
        }
        System.out.println("differential Salt filter cases: " + cases.size() + " run, " + (cases.size() - failures.size()) + " passed ("
                + nondet + " nondeterministic, compared by outcome; " + refused + " refused by jsalt on purpose), " + failures.size() + " failed");
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + cases.size() + " Salt filter cases differ from Salt:\n\n" + String.join("\n\n", failures));
        }
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
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
