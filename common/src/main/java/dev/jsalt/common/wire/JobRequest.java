package dev.jsalt.common.wire;

import java.util.List;
import java.util.Map;

/**
 * A job for one minion, signed by the master. Binding the recipient, an expiry and a nonce into the signed
 * bytes means a captured job can be neither replayed nor redirected to another minion.
 *
 * @param jid       job id (20 digits, master time)
 * @param minion    the only minion that may run it
 * @param fun       function, e.g. {@code test.ping}, {@code state.apply}
 * @param args      positional arguments
 * @param kwargs    keyword arguments (for {@code state.apply}: {@code document}, {@code test})
 * @param issuedAt  epoch millis
 * @param expiresAt epoch millis; a minion refuses the job after this
 * @param nonce     random, unique per job and minion
 */
public record JobRequest(String jid, String minion, String fun, List<Object> args, Map<String, Object> kwargs,
                         long issuedAt, long expiresAt, String nonce) {
    public JobRequest {
        args = args == null ? List.of() : args;
        kwargs = kwargs == null ? Map.of() : kwargs;
    }
}
