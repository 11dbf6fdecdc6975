package dev.jsalt.common.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The hello's enrolment token (issue 19): carried both ways, optional for older peers, never printed. */
class HelloEnrolmentTest {
    @Test
    void theTokenTravelsAndNeverPrints() throws Exception {
        var hello = new MinionMessage.Hello("web1", Map.of("role", "app"), "0.1.0", "s3cr3t-token");
        var back = (MinionMessage.Hello) Wire.decodeMinion(Wire.encode(hello));
        assertEquals("s3cr3t-token", back.enrolment());
        assertFalse(hello.toString().contains("s3cr3t-token"), hello.toString());
    }

    @Test
    void aHelloWithoutOneIsReadAsBefore() throws Exception {
        byte[] old = "{\"type\":\"hello\",\"id\":\"web1\",\"grains\":{},\"version\":\"0.0.9\"}".getBytes(StandardCharsets.UTF_8);
        var hello = (MinionMessage.Hello) Wire.decodeMinion(old);
        assertEquals("web1", hello.id());
        assertNull(hello.enrolment());
    }
}
