package dev.jsalt.minion.functions;

import dev.jsalt.cloud.dns.DnsException;
import dev.jsalt.cloud.dns.LocalBind;
import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.minion.exec.CommandRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dns.query NAME [TYPE] [@SERVER] against a real BIND on loopback. */
class DnsQueryFunctionTest {
    static LocalBind bind;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(LocalBind.named() != null, LocalBind.MISSING);
        bind = LocalBind.start("example.test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (bind != null) bind.close();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> query(Object... args) throws Exception {
        JobRequest job = new JobRequest("j1", "m1", "dns.query", List.of(args), Map.of(), 0, Long.MAX_VALUE, "n");
        FunctionResult r = new Functions().get("dns.query").orElseThrow()
                .call(job, new FunctionContext("m1", new CommandRunner(), Map::of, dir, s -> s));
        assertTrue(r.success());
        return (Map<String, Object>) r.result();
    }

    @Test
    void answersAsTheServerDoes() throws Exception {
        String at = "@127.0.0.1:" + bind.port;
        Map<String, Object> a = query("old.example.test", at);
        assertEquals("NOERROR", a.get("status"));
        assertEquals(true, a.get("authoritative"));
        assertEquals(List.of("192.0.2.10"), a.get("values"));
        assertEquals("192.0.2.10", a.get("answer"));
        assertEquals(300L, a.get("ttl"));
        Map<String, Object> ns = query("example.test", "NS", at);
        assertEquals("ns1.example.test", ns.get("answer"));
        Map<String, Object> none = query("nothing.example.test", "A", at);
        assertEquals("NXDOMAIN", none.get("status"));
        assertEquals("", none.get("answer"));
        assertEquals(null, none.get("ttl"));
    }

    @Test
    void badInputAndSilentServersAreOneLine() throws Exception {
        assertEquals("dns.query takes NAME [TYPE] [@SERVER], e.g. dns.query blog.example.test A @192.0.2.53",
                assertThrows(IllegalArgumentException.class, () -> query()).getMessage());
        assertEquals("dns.query: not a record type: 'BOGUS'",
                assertThrows(IllegalArgumentException.class, () -> query("a.example.test", "BOGUS", "@127.0.0.1:" + bind.port)).getMessage());
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        int port = closed;
        DnsException e = assertThrows(DnsException.class, () -> query("a.example.test", "@127.0.0.1:" + port));
        assertTrue(e.getMessage().startsWith("dns.query: no answer from 127.0.0.1:" + port + " for a.example.test A"), e.getMessage());
    }
}
