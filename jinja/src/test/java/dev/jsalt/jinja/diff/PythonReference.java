package dev.jsalt.jinja.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference: Debian's python3-jinja2 under /usr/bin/python3, one process for all cases of a test run,
 * cases as JSON on stdin, results as JSON on stdout.
 */
final class PythonReference {
    static final String PYTHON = "/usr/bin/python3";
    static final String INSTALL_HINT = "python3-jinja2 is required for the differential Jinja tests:"
            + " apt-get install python3-jinja2 (bin/jsalt-test installs it)";

    /** What Python did with a case. */
    record Result(boolean ok, String out, String error, List<String> mro, String message, String name, Integer line) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private PythonReference() {
    }

    /** Null when the reference is usable, else why not. */
    static String unavailable() {
        if (!new File(PYTHON).canExecute()) {
            return PYTHON + " is missing. " + INSTALL_HINT;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import jinja2").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "jinja2 is not importable by " + PYTHON + ". " + INSTALL_HINT;
            }
        } catch (IOException e) {
            return PYTHON + " cannot be run (" + e.getMessage() + "). " + INSTALL_HINT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    static List<Result> render(List<Case> cases) throws IOException, InterruptedException {
        Path script = Files.createTempFile("jinja_reference", ".py");
        try (InputStream in = PythonReference.class.getResourceAsStream("/jinja_reference.py")) {
            if (in == null) {
                throw new IOException("jinja_reference.py is not on the test classpath");
            }
            Files.write(script, in.readAllBytes());
        }
        try {
            ObjectNode request = JSON.createObjectNode();
            ArrayNode list = request.putArray("cases");
            for (Case c : cases) {
                ObjectNode n = list.addObject();
                n.put("name", c.name());
                n.put("template", c.template());
                n.put("entry", c.entry());
                n.set("context", JSON.valueToTree(c.context()));
                n.set("templates", JSON.valueToTree(c.templates()));
                n.set("env", JSON.valueToTree(c.env()));
                n.set("globals", JSON.valueToTree(c.globals()));
                n.put("salt_globals", c.saltGlobals());
                n.put("salt_tags", c.saltTags());
            }
            byte[] input = JSON.writeValueAsBytes(request);
            Process p = new ProcessBuilder(PYTHON, script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Thread writer = new Thread(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(input);
                } catch (IOException ignored) {
                    // the reader reports the failure
                }
            });
            writer.start();
            byte[] output = p.getInputStream().readAllBytes();
            writer.join();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("the reference renderer failed (exit " + p.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8) + "\n" + INSTALL_HINT);
            }
            JsonNode root = JSON.readTree(output);
            List<Result> results = new ArrayList<>();
            for (JsonNode r : root.get("results")) {
                List<String> mro = new ArrayList<>();
                if (r.has("mro")) {
                    r.get("mro").forEach(x -> mro.add(x.asText()));
                }
                results.add(new Result(r.get("ok").asBoolean(), r.has("out") ? r.get("out").asText() : null,
                        text(r, "error"), mro, text(r, "message"), text(r, "name"),
                        r.has("line") && !r.get("line").isNull() ? r.get("line").asInt() : null));
            }
            return results;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.has(field) && !n.get(field).isNull() ? n.get(field).asText() : null;
    }
}
