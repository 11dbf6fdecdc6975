package dev.jsalt.common.config;

/** A {@code host:port} pair. */
public record HostPort(String host, int port) {
    public static HostPort parse(String s, int defaultPort, String where) {
        String v = s.strip();
        String host = v;
        int port = defaultPort;
        int colon = v.lastIndexOf(':');
        if (colon > 0 && v.indexOf(':') == colon) {
            host = v.substring(0, colon);
            try {
                port = Integer.parseInt(v.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.isEmpty() || port < 1 || port > 65535 || !host.matches("[A-Za-z0-9_.\\-\\[\\]:]+")) {
            throw new ConfigException(where + "expected host:port, got '" + s + "'");
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() { return host + ":" + port; }
}
