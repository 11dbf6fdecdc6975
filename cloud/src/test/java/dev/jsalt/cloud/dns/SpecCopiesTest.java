package dev.jsalt.cloud.dns;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The tests' copy of a vendor document is the shared one (../shared/specs beside the repository), byte for byte. */
class SpecCopiesTest {
    @Test
    void theCloudflareDocumentIsTheSharedOne() throws Exception {
        same("cloudflare");
    }

    @Test
    void theDigitalOceanDocumentIsTheSharedOne() throws Exception {
        same("digitalocean");
    }

    static void same(String vendor) throws Exception {
        Path shared = Path.of("..", "..", "shared", "specs", vendor, "openapi-subset.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(shared), "no " + shared.toAbsolutePath().normalize() + " beside the repository");
        try (InputStream in = SpecCopiesTest.class.getResourceAsStream("/specs/" + vendor + "/openapi-subset.yaml")) {
            assertArrayEquals(Files.readAllBytes(shared), in.readAllBytes(), "copy it again from " + shared);
        }
    }
}
