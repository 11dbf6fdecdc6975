package dev.jsalt.common.catalog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/states/*.md's argument tables are the catalog's: a difference fails, with the command that regenerates them. */
class CatalogDocsTest {
    static final Path DOCS = Path.of("..", "docs", "states");

    @Test
    void docsAreGeneratedFromTheCatalog() throws Exception {
        assertTrue(Files.isDirectory(DOCS), "no " + DOCS.toAbsolutePath());
        if (Boolean.getBoolean("jsalt.docs.write")) {
            System.out.println("rewrote: " + CatalogDocs.write(DOCS, Catalog.standard()));
        }
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> e : CatalogDocs.expected(DOCS, Catalog.standard()).entrySet()) {
            Path p = DOCS.resolve(e.getKey());
            String now = Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
            if (!now.equals(e.getValue())) stale.add(e.getKey());
        }
        assertEquals(List.of(), stale, "docs/states differ from the catalog; regenerate them with: " + CatalogDocs.REGENERATE);
    }

    @Test
    void theCatalogLoadsAndEveryFunctionHasAName() {
        Catalog c = Catalog.standard();
        for (StateFunctionSpec f : c.declaredStateFunctions()) {
            assertTrue(f.arg("name").isPresent(), f.fun() + " declares no name");
        }
        assertTrue(c.hasStateFunction("file", "managed"));
        assertTrue(c.hasStateFunction("cron", "file"));
        StateFunctionSpec declared = CatalogFile.parse("state a.b declared A thing.\n  arg name STRING required - MINION the name\n", "t")
                .functions().get(0);
        assertEquals("jsalt does not implement a.b yet (A thing.)", declared.notImplemented());
        assertEquals(Handling.ENGINE, c.globalArg("onlyif").orElseThrow().handling());
    }

    @Test
    void didYouMean() {
        assertEquals("source", DidYouMean.of("sorce", List.of("source", "user", "group")).orElseThrow());
        assertEquals("check_cmd", DidYouMean.of("checkcmd", List.of("check_cmd", "cmd")).orElseThrow());
        assertTrue(DidYouMean.of("zzzzzz", List.of("source", "user")).isEmpty());
    }

    @Test
    void quotedDefaultsKeepTheirSpaces() {
        CatalogFile.Parsed p = CatalogFile.parse("state a.b implemented x\n  arg m STRING '#-- a b --' - MINION the marker\n", "t");
        ArgSpec a = p.functions().get(0).args().get(0);
        assertEquals("'#-- a b --'", a.dflt());
        assertEquals("the marker", a.doc());
    }
}
