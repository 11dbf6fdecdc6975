package dev.jsalt.common.config;

/** A configuration mistake; the message is one line naming the file, line and key. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
