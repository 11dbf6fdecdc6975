package dev.jsalt.master.api;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/api.md's route table lists exactly the routes the master serves, in the same order. */
class ApiRoutesDocTest {
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `(GET|POST|PUT|DELETE) (/[^`?]*)");

    @Test
    void theDocsListEveryRouteAndNoOther() throws Exception {
        List<String> served = new ArrayList<>();
        for (MasterRoutes.Route r : new MasterRoutes(null, null, null, null, null, null, null, null).table()) {
            served.add(r.method() + " " + r.doc());
        }
        List<String> documented = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "api.md"))) {
            Matcher m = DOC_ROW.matcher(line);
            if (m.find()) documented.add(m.group(1) + " " + m.group(2));
        }
        assertEquals(served, documented);
    }
}
