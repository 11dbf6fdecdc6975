package dev.jsalt.master.cli;

import dev.jsalt.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;

/** {@code jsalt}: one binary for the daemons and every client command. */
@Command(name = "jsalt", mixinStandardHelpOptions = true, version = "jsalt 0.1.0",
        description = "Master/minion configuration management.",
        subcommands = {MasterCommand.class, MinionCommand.class, KeysCommand.class, RunCommand.class, ApplyCommand.class,
                dev.jsalt.master.bootstrap.BootstrapCommand.class,
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
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            if (ex instanceof ConfigException || ex instanceof ApiClient.ApiException || ex instanceof IllegalArgumentException) {
                cmd.getErr().println(cmd.getColorScheme().errorText("error: " + msg));
                return 2;
            }
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + msg));
            if (System.getenv("JSALT_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cli.execute(args);
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
