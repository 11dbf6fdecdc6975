package dev.jsalt.cli;

import dev.jsalt.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;

/** {@code jsalt}: one binary for the daemons and every client command. */
@Command(name = "jsalt", mixinStandardHelpOptions = true, version = "jsalt 0.1.0",
        description = "Master/minion configuration management.",
        subcommands = {MasterCommand.class, MinionCommand.class, KeysCommand.class, RunCommand.class, ApplyCommand.class,
                dev.jsalt.cli.bootstrap.BootstrapCommand.class, dev.jsalt.cli.cloud.CloudCommand.class,
                ShowCommand.class, JobsCommand.class, MineCommand.class, EventsCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (Throwable t) {
            // Never leave a half-started daemon's threads keeping the JVM alive after a crash.
            System.err.println("error: " + t);
            code = 1;
        }
        System.exit(code);
    }

    public static int run(String... args) {
        configureLogging(args);
        Object direct = args.length > 0 ? builtIn(args[0]) : null;
        if (direct != null) {
            // Build only the command asked for: the daemons keep less resident on every server, and a CLI call does
            // not pay for the model of every other command and extension before it starts.
            CommandLine one = new CommandLine(direct).setCommandName("jsalt " + args[0]);
            one.setExecutionExceptionHandler(Main::handle);
            return one.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return withExtensions().execute(args);
    }

    /** Every command: the built-in ones and those the class path's {@link CliExtension}s add. */
    static CommandLine withExtensions() {
        CommandLine cli = new CommandLine(new Main());
        // A broken extension (missing class, failing constructor) must not take every other command down with it.
        java.util.Iterator<CliExtension> extensions = ServiceLoader.load(CliExtension.class).iterator();
        while (true) {
            try {
                if (!extensions.hasNext()) break;
                cli.addSubcommand(extensions.next().command());
            } catch (java.util.ServiceConfigurationError | RuntimeException e) {
                System.err.println("warning: skipping a jsalt command extension: " + e.getMessage());
            }
        }
        cli.setExecutionExceptionHandler(Main::handle);
        return cli;
    }

    private static Object builtIn(String name) {
        return switch (name) {
            case "master" -> new MasterCommand();
            case "minion" -> new MinionCommand();
            case "run" -> new RunCommand();
            case "apply" -> new ApplyCommand();
            case "show" -> new ShowCommand();
            case "keys" -> new KeysCommand();
            case "jobs" -> new JobsCommand();
            case "mine" -> new MineCommand();
            case "events" -> new EventsCommand();
            default -> null;
        };
    }

    /** One line on stderr; exit 2 for operator mistakes (config, bad input, API refusals), 1 for everything else. */
    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        String msg = message(ex);
        cmd.getErr().println(cmd.getColorScheme().errorText("error: " + msg));
        if (ex instanceof ConfigException || ex instanceof ApiClient.ApiException || ex instanceof IllegalArgumentException) {
            return 2;
        }
        if (System.getenv("JSALT_DEBUG") != null) ex.printStackTrace(cmd.getErr());
        return 1;
    }

    /** A file-system error's own message is the bare path for a missing or unreadable file: say which it is. */
    static String message(Exception ex) {
        if (ex instanceof java.nio.file.NoSuchFileException f) return f.getFile() + ": no such file";
        if (ex instanceof java.nio.file.AccessDeniedException f) return f.getFile() + ": permission denied";
        if (ex instanceof java.nio.file.NotDirectoryException f) return f.getFile() + ": not a folder";
        if (ex instanceof java.nio.file.FileAlreadyExistsException f) return f.getFile() + ": already exists";
        if (ex instanceof java.nio.file.FileSystemException f && f.getReason() == null) return f.getFile() + ": " + f.getClass().getSimpleName();
        return ex.getMessage() == null ? ex.toString() : ex.getMessage();
    }

    /** Daemons log at INFO; client commands only say something when it matters. */
    private static void configureLogging(String[] args) {
        if (System.getProperty("jsalt.log.level") != null) return;
        String first = args.length > 0 ? args[0] : "";
        boolean daemon = first.equals("master") || first.equals("minion");
        String env = System.getenv("JSALT_LOG_LEVEL");
        System.setProperty("jsalt.log.level", env != null ? env : daemon ? "INFO" : "WARN");
        System.setProperty("jeromq.zmq.errors.print", "false");
    }
}
