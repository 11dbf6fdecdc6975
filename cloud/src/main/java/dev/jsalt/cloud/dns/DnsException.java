package dev.jsalt.cloud.dns;

/**
 * A DNS provider refused or could not do what was asked. The message is one line, names the provider and what it
 * said, and never carries a credential (tokens, TSIG secrets): it goes into state results and logs as it is.
 */
public class DnsException extends RuntimeException {
    public DnsException(String message) {
        super(oneLine(message));
    }

    public DnsException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    static String oneLine(String s) {
        if (s == null) return "";
        String t = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return t.length() > 400 ? t.substring(0, 400) + "…" : t;
    }
}
