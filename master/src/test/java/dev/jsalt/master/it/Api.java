package dev.jsalt.master.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Raw HTTP/1.1 to the master's API: what an attacker (or a careless script) can send, byte for byte. */
final class Api {
    record Response(int status, String body) {
    }

    private Api() {
    }

    static String token(Fleet fleet) throws Exception {
        return Files.readString(fleet.master.config().tokenFile()).strip();
    }

    static Response get(Fleet fleet, String path) throws Exception {
        return raw(fleet, "GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token(fleet)
                + "\r\nConnection: close\r\n\r\n", null, 10_000);
    }

    static Response post(Fleet fleet, String path, String json) throws Exception {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return raw(fleet, "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token(fleet)
                + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n", b, 60_000);
    }

    /** Sends {@code head} (and {@code body} if any) and reads the whole answer; the status line's code and the body. */
    static Response raw(Fleet fleet, String head, byte[] body, int timeoutMillis) throws Exception {
        try (Socket s = new Socket("127.0.0.1", fleet.apiPort)) {
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) out.write(body);
            out.flush();
            return read(s.getInputStream());
        }
    }

    static Response read(InputStream in) throws Exception {
        String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int sp = all.indexOf(' ');
        int status = Integer.parseInt(all.substring(sp + 1, sp + 4));
        int bodyAt = all.indexOf("\r\n\r\n");
        String body = bodyAt < 0 ? "" : all.substring(bodyAt + 4);
        if (all.toLowerCase().contains("transfer-encoding: chunked")) body = dechunk(body);
        return new Response(status, body.strip());
    }

    private static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int nl = s.indexOf("\r\n", i);
            if (nl < 0) break;
            int n = Integer.parseInt(s.substring(i, nl).strip(), 16);
            if (n == 0) break;
            out.append(s, nl + 2, Math.min(s.length(), nl + 2 + n));
            i = nl + 2 + n + 2;
        }
        return out.toString();
    }
}
