package dev.jsalt.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every client command shares: where the master's config is and how to print. */
public final class ClientOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "DIR",
            description = "Config directory: master.yaml on the master, client.yaml elsewhere (default: $JSALT_CONFIG, else /etc/jsalt).")
    Path configDir;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "human",
            description = "human (default) or json.")
    String output;

    public Path configDir() { return Daemons.configDir(configDir); }

    public boolean json() {
        if (!output.equals("json") && !output.equals("human")) {
            throw new IllegalArgumentException("--output must be 'human' or 'json', got '" + output + "'");
        }
        return output.equals("json");
    }

    public ApiClient client() { return ApiClient.forConfigDir(configDir()); }
}
