package dev.jsalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "keys", description = "Manage minion keys: list, accept, reject, delete; rotate the master's own keys.",
        mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.Accept.class, KeysCommand.Reject.class, KeysCommand.Delete.class,
                KeysCommand.RotateMaster.class})
public final class KeysCommand {

    @Command(name = "list", description = "List minion keys with their state and fingerprint.", mixinStandardHelpOptions = true)
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Override
        public Integer call() {
            boolean json = options.json();
            JsonNode keys = options.client().get("/v1/keys");
            Output out = new Output(System.out);
            if (json) {
                out.out().println(keys.toPrettyString());
                return 0;
            }
            refusalWarning(options, out);
            if (keys.isEmpty()) {
                out.out().println("No minion keys.");
                return 0;
            }
            out.out().printf("%-24s %-9s %-10s %s%n", "ID", "STATE", "CONNECTED", "FINGERPRINT");
            for (JsonNode k : keys) {
                String state = k.path("state").asText();
                String shown = switch (state) {
                    case "accepted" -> out.green(String.format("%-9s", state));
                    case "pending" -> out.yellow(String.format("%-9s", state));
                    default -> out.red(String.format("%-9s", state));
                };
                out.out().printf("%-24s %s %-10s %s%n", k.path("id").asText(), shown,
                        k.path("connected").asBoolean() ? "yes" : "no", k.path("fingerprint").asText());
            }
            return 0;
        }
    }

    /** Pending registrations refused because the pending queue is full: said first, on stderr, so the operator sees why. */
    static void refusalWarning(ClientOptions options, Output out) {
        JsonNode r;
        try {
            r = options.client().get("/v1/keys/refusals");
        } catch (RuntimeException e) {
            return; // an older master: no such route
        }
        long refused = r.path("refused").asLong();
        if (refused <= 0) return;
        System.err.println(out.red("warning: " + refused + " new key registration(s) refused because " + r.path("pending").asInt()
                + " keys are pending (limit " + r.path("max_pending").asInt() + ", limits.max_pending_keys); last refused: "
                + r.path("last_refused_id").asText() + " at " + r.path("last_refused_at").asText()
                + ". Accept, reject or delete pending keys to let new minions register."));
    }

    abstract static class Action implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "ID", arity = "0..*", description = "Minion ids.")
        List<String> ids = new ArrayList<>();

        abstract String action();

        boolean all() { return false; }

        @Override
        public Integer call() {
            boolean json = options.json();
            if (ids.isEmpty() && !all()) throw new IllegalArgumentException("name at least one minion id" + (action().equals("accept") ? " or --all" : ""));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ids", ids);
            body.put("all", all());
            JsonNode r = options.client().post("/v1/keys/" + action(), body);
            Output out = new Output(System.out);
            if (json) {
                out.out().println(r.toPrettyString());
            } else {
                JsonNode done = r.elements().hasNext() ? r.elements().next() : null;
                if (done == null || done.isEmpty()) {
                    out.out().println("Nothing to " + action() + ".");
                } else {
                    String verb = action().equals("delete") ? "Deleted" : action().equals("accept") ? "Accepted" : "Rejected";
                    for (JsonNode id : done) out.out().println(verb + " key of " + out.bold(id.asText()));
                }
            }
            return 0;
        }
    }

    @Command(name = "accept", description = "Accept pending minion keys.", mixinStandardHelpOptions = true)
    static final class Accept extends Action {
        @Option(names = {"-A", "--all"}, description = "Accept every pending key.")
        boolean all;

        String action() { return "accept"; }

        @Override
        boolean all() { return all; }
    }

    @Command(name = "reject", description = "Reject minion keys (their handshakes are refused).", mixinStandardHelpOptions = true)
    static final class Reject extends Action {
        String action() { return "reject"; }
    }

    @Command(name = "delete", description = "Delete minion keys and everything held for those ids.", mixinStandardHelpOptions = true)
    static final class Delete extends Action {
        String action() { return "delete"; }
    }

    @Command(name = "rotate-master", mixinStandardHelpOptions = true,
            description = "Replace the master's keys with new ones and sign the move with the old signing key. Run it on the "
                    + "master host (it works on the files under root_dir/pki, as the user owning them or root), then restart the "
                    + "master. Every minion follows the signed rotation from the key it pinned, also minions offline now.")
    static final class RotateMaster implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Override
        public Integer call() throws Exception {
            boolean json = options.json();
            dev.jsalt.master.config.MasterConfig cfg = dev.jsalt.master.config.MasterConfig.load(options.configDir());
            var r = dev.jsalt.master.keys.MasterKeyRotation.rotate(cfg.pkiDir(), java.time.Clock.systemUTC());
            Long running = runningMaster(cfg.rootDir().resolve("master.pid"));
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("from", r.from());
                out.put("to", r.to());
                out.put("rotations", r.statements());
                out.put("master_running_pid", running);
                System.out.println(dev.jsalt.common.json.Json.pretty(out));
                return 0;
            }
            System.out.println("master key rotated: " + r.from() + " -> " + r.to());
            System.out.println("signed rotation " + r.statements() + " recorded in " + cfg.pkiDir().resolve("rotations.json"));
            System.out.println((running != null ? "the running master (pid " + running + ") keeps the old key until it restarts: "
                    : "") + "restart the master (systemctl restart jsalt-master) to use the new key; minions reconnect on their own.");
            System.out.println("minions with master_fingerprint in minion.yaml keep working; set it to " + r.to() + " when convenient.");
            return 0;
        }

        private static Long runningMaster(java.nio.file.Path pidFile) {
            try {
                long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).strip());
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid).orElse(null);
            } catch (java.io.IOException | NumberFormatException e) {
                return null;
            }
        }
    }
}
