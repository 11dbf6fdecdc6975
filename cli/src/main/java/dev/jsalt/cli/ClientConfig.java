package dev.jsalt.cli;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.config.ConfigFile;
import dev.jsalt.master.config.MasterConfig;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code client.yaml}: how a CLI on another machine reaches the master's API. The operator copies the token
 * ({@code root_dir/api.token}) and the certificate fingerprint ({@code root_dir/pki/api.fingerprint}) from the master.
 *
 * @param fingerprint the API certificate to pin; null to trust the JDK's certificate authorities instead
 */
public record ClientConfig(URI api, Path tokenFile, String fingerprint) {
    public static final String FILE = "client.yaml";

    public static ClientConfig load(Path configDir) {
        ConfigFile c = ConfigFile.load(configDir.resolve(FILE)).allowOnly(List.of("api", "token_file", "fingerprint"));
        String url = c.requiredString("api");
        URI api;
        try {
            api = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.where("api") + "'api' is not a URL: " + url);
        }
        if (api.getHost() == null || !("https".equals(api.getScheme()) || "http".equals(api.getScheme()))) {
            throw new ConfigException(c.where("api") + "'api' must be https://HOST:PORT, got '" + url + "'");
        }
        if ("http".equals(api.getScheme()) && !MasterConfig.isLoopback(api.getHost())) {
            throw new ConfigException(c.where("api") + "'api' is plain http to " + api.getHost()
                    + ": the token would cross the network in clear; use https://");
        }
        Path token = configDir.toAbsolutePath().resolve(c.requiredString("token_file")).normalize();
        String fp = c.string("fingerprint", null);
        if (fp != null && !fp.replace(":", "").matches("(?i)[0-9a-f]{64}")) {
            throw new ConfigException(c.where("fingerprint") + "'fingerprint' must be a SHA-256 fingerprint (64 hex digits, colons allowed)");
        }
        return new ClientConfig(api.getPort() < 0 ? URI.create(api.getScheme() + "://" + api.getHost() + ":4507") : api, token, fp);
    }
}
