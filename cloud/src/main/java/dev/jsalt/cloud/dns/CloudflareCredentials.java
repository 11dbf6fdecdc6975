package dev.jsalt.cloud.dns;

/**
 * How the client authenticates: an API token (sent as {@code Authorization: Bearer}) or the legacy global API key
 * with the account's e-mail ({@code X-Auth-Email} + {@code X-Auth-Key}). {@link #toString()} never shows a secret.
 */
public final class CloudflareCredentials {
    private final String token;
    private final String email;
    private final String key;

    private CloudflareCredentials(String token, String email, String key) {
        this.token = token;
        this.email = email;
        this.key = key;
    }

    public static CloudflareCredentials token(String token) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("api_token is empty");
        if (!token.strip().matches("[\\x21-\\x7e]+")) throw new IllegalArgumentException("api_token has characters a token cannot have");
        return new CloudflareCredentials(token.strip(), null, null);
    }

    public static CloudflareCredentials globalKey(String email, String key) {
        if (email == null || email.isBlank()) throw new IllegalArgumentException("api_email is empty");
        if (key == null || key.isBlank()) throw new IllegalArgumentException("api_key is empty");
        if (!key.strip().matches("[\\x21-\\x7e]+")) throw new IllegalArgumentException("api_key has characters a key cannot have");
        if (!email.strip().matches("[\\x21-\\x7e]+")) throw new IllegalArgumentException("api_email is not an e-mail address");
        return new CloudflareCredentials(null, email.strip(), key.strip());
    }

    void apply(java.net.http.HttpRequest.Builder b) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        } else {
            b.header("X-Auth-Email", email);
            b.header("X-Auth-Key", key);
        }
    }

    @Override
    public String toString() { return token != null ? "api_token(***)" : "api_key(" + email + ", ***)"; }
}
