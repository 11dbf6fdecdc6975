package dev.jsalt.master.compile.render;

/**
 * A template called a jsalt/Salt function wrongly. Deliberately not an IllegalArgumentException: Jinjava swallows
 * those from method calls and retries the call as a Java method, losing the message.
 */
final class TemplateFailure extends RuntimeException {
    TemplateFailure(String message) {
        super(message);
    }
}
