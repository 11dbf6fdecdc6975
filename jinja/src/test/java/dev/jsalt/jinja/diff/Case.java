package dev.jsalt.jinja.diff;

import java.util.Map;

/**
 * One differential case: a template (or an entry template of the loader's), the render context, the loader's
 * templates, environment options, and how to compare.
 *
 * @param expectError   jsalt refuses this on purpose: the Java engine must raise this error class (Python's
 *                      result is recorded but not compared)
 * @param nondeterministic why the output cannot be compared (random, lipsum): both must succeed or fail alike
 * @param normalize     "addresses": object addresses ({@code at 0x...}) are masked on both sides
 */
public record Case(String name, String source, String template, String entry, Map<String, Object> context,
                   Map<String, String> templates, Map<String, Object> env, Map<String, Object> globals, boolean saltGlobals,
                   String expectError, String nondeterministic, String normalize, boolean ignoreLine, boolean saltTags) {
}
