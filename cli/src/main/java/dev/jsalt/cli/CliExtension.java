package dev.jsalt.cli;

/**
 * Extra top-level {@code jsalt} subcommands contributed by modules the CLI does not depend on (the lab lives in
 * {@code e2e}). Found with {@link java.util.ServiceLoader} from {@code META-INF/services/dev.jsalt.cli.CliExtension}.
 */
public interface CliExtension {
    /** A picocli {@code @Command}-annotated object to add as a subcommand of {@code jsalt}. */
    Object command();
}
