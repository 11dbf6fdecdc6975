package dev.jsalt.e2e.junit;

import dev.jsalt.e2e.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The annotation form of the extension: fleet from @LabFleet, the Lab as a test parameter. */
@ExtendWith(LabExtension.class)
@LabFleet(hosts = {"solo:5:cache"}, subnet = "10.78.0.0/24")
class LabFleetAnnotationTest {
    @Test
    void buildsTheDeclaredFleet(Lab lab) {
        assertEquals("10.78.0.5", lab.host("solo").address());
        assertEquals(Map.of("role", "cache"), lab.host("solo").grains());
        assertEquals("solo", lab.host("solo").check("hostname").stdout().strip());
    }
}
