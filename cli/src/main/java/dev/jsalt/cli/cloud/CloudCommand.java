package dev.jsalt.cli.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jsalt.cli.ClientOptions;
import dev.jsalt.cli.Output;
import dev.jsalt.cloud.droplets.CloudConfig;
import dev.jsalt.cloud.droplets.CloudMap;
import dev.jsalt.cloud.droplets.DigitalOcean;
import dev.jsalt.cloud.droplets.Droplet;
import dev.jsalt.cloud.droplets.Provisioner;
import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.config.ConfigFile;
import dev.jsalt.common.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jsalt cloud}: machines of the profiles in cloud.yaml / cloud.d/ (docs/cloud.md), created with a one-time
 * enrolment so they join with no hand step, listed, destroyed, and kept to a map.
 */
@Command(name = "cloud", description = "Create, list and destroy cloud machines (DigitalOcean droplets) that join as minions.",
        mixinStandardHelpOptions = true,
        subcommands = {CloudCommand.Create.class, CloudCommand.Destroy.class, CloudCommand.ListDroplets.class,
                CloudCommand.Sizes.class, CloudCommand.Images.class, CloudCommand.Regions.class, CloudCommand.MapRun.class,
                StandInCommand.class, CloudflareStandInCommand.class})
public final class CloudCommand {

    /** Options of every cloud command: the client options and the provider. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Option(names = "--provider", paramLabel = "NAME", description = "Provider in cloud.yaml (default: the only one).")
        String provider;

        CloudConfig config() { return CloudConfig.load(options.configDir()); }

        CloudConfig.Provider provider(CloudConfig c, String name) {
            try {
                return c.provider(name != null ? name : provider);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replace("name a provider (", "name a provider with --provider ("));
            }
        }

        DigitalOcean client(CloudConfig.Provider p) { return p.client(System.getenv()); }

        Provisioner provisioner(CloudConfig c, DigitalOcean dc, boolean keepFailed) {
            // With --output json, stdout holds the one JSON document; progress goes to stderr, a line per step.
            java.io.PrintStream to = options.json() ? System.err : System.out;
            Output terminal = new Output(to);
            MachineBoard board = new MachineBoard(to, !options.json() && terminal.tty() && !"dumb".equals(System.getenv("TERM")),
                    terminal.colour(), System::currentTimeMillis);
            return new Provisioner(c, dc, new ApiMasterLink(options.client(), 600), board,
                    Duration.ofMillis(Integer.getInteger("jsalt.cloud.poll_ms", 2000)), keepFailed);
        }

        int report(List<Provisioner.Outcome> outcomes) {
            if (options.json()) {
                System.out.println(Json.pretty(outcomes));
            } else {
                for (Provisioner.Outcome o : outcomes) System.out.println(o.name() + ": " + o.status() + (o.detail() == null ? "" : " (" + o.detail() + ")"));
            }
            return outcomes.stream().allMatch(Provisioner.Outcome::ok) ? 0 : 1;
        }
    }

    @Command(name = "create", description = "Create machines of PROFILE; each joins with a one-time token, gets its grains and its highstate.",
            mixinStandardHelpOptions = true)
    static final class Create extends Base {
        @Parameters(index = "0", paramLabel = "PROFILE", description = "Profile in cloud.yaml.")
        String profile;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME", description = "Machine names (also the minion ids).")
        List<String> names;

        @Option(names = "--keep-failed", description = "Keep a machine that does not join in time (default: destroy it).")
        boolean keepFailed;

        @Override
        public Integer call() throws Exception {
            CloudConfig c = config();
            CloudConfig.Profile p = c.profile(profile);
            c.requireMaster();
            Map<String, String> byName = new LinkedHashMap<>();
            for (String n : names) byName.put(n, profile);
            return report(provisioner(c, client(provider(c, p.provider())), keepFailed).createAll(byName));
        }
    }

    @Command(name = "destroy", description = "Destroy machines jsalt created, then delete their keys (and so their grains and mine data).",
            mixinStandardHelpOptions = true)
    static final class Destroy extends Base {
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "Machine names.")
        List<String> names;

        @Option(names = "--yes", description = "Really destroy (without it, only say what would be destroyed).")
        boolean yes;

        @Override
        public Integer call() {
            CloudConfig c = config();
            DigitalOcean dc = client(provider(c, null));
            if (!yes) {
                Map<String, Droplet> managed = new Provisioner(c, dc, null, s -> { }, Duration.ofSeconds(1), false).managed();
                for (String n : names) {
                    System.out.println(managed.containsKey(n) ? "would destroy " + n + " (droplet " + managed.get(n).id() + ")" : n + ": no such machine made by jsalt");
                }
                throw new IllegalArgumentException("nothing destroyed: add --yes to destroy " + String.join(", ", names));
            }
            List<Provisioner.Outcome> out = new ArrayList<>();
            Provisioner pr = provisioner(c, dc, false);
            for (String n : names) out.add(pr.destroy(n));
            return report(out);
        }
    }

    @Command(name = "list", description = "Machines jsalt created, with their addresses and their minion's key state.", mixinStandardHelpOptions = true)
    static final class ListDroplets extends Base {
        @Override
        public Integer call() {
            CloudConfig c = config();
            DigitalOcean dc = client(provider(c, null));
            List<Droplet> droplets = dc.listDroplets(Provisioner.TAG);
            Map<String, String> keys = new LinkedHashMap<>();
            try {
                for (JsonNode k : options.client().get("/v1/keys")) keys.put(k.path("id").asText(), k.path("state").asText());
            } catch (RuntimeException e) {
                System.err.println("warning: cannot ask the master for key states: " + e.getMessage());
            }
            if (options.json()) {
                ArrayNode a = Json.mapper().createArrayNode();
                for (Droplet d : droplets) {
                    var o = Json.mapper().valueToTree(d);
                    ((com.fasterxml.jackson.databind.node.ObjectNode) o).put("key", keys.getOrDefault(d.name(), "none"));
                    a.add(o);
                }
                System.out.println(a.toPrettyString());
                return 0;
            }
            if (droplets.isEmpty()) {
                System.out.println("No machines made by jsalt.");
                return 0;
            }
            System.out.printf("%-20s %-11s %-8s %-8s %-16s %-16s %-16s %s%n", "NAME", "ID", "STATUS", "REGION", "SIZE", "PUBLIC", "PRIVATE", "KEY");
            for (Droplet d : droplets) {
                System.out.printf("%-20s %-11d %-8s %-8s %-16s %-16s %-16s %s%n", d.name(), d.id(), d.status(), d.region(), d.size(),
                        d.publicIpv4() == null ? "-" : d.publicIpv4(), d.privateIpv4() == null ? "-" : d.privateIpv4(),
                        keys.getOrDefault(d.name(), "none"));
            }
            return 0;
        }
    }

    abstract static class Catalog extends Base {
        abstract List<JsonNode> fetch(DigitalOcean dc);

        abstract String line(JsonNode n);

        @Override
        public Integer call() {
            CloudConfig c = config();
            List<JsonNode> all = fetch(client(provider(c, null)));
            if (options.json()) {
                System.out.println(Json.mapper().valueToTree(all).toPrettyString());
            } else {
                for (JsonNode n : all) System.out.println(line(n));
            }
            return 0;
        }
    }

    @Command(name = "sizes", description = "Droplet sizes: slug, vCPUs, memory, disk, price.", mixinStandardHelpOptions = true)
    static final class Sizes extends Catalog {
        List<JsonNode> fetch(DigitalOcean dc) { return dc.sizes(); }

        String line(JsonNode n) {
            return String.format("%-20s %2d vCPU %6d MB %5d GB  $%.2f/month%s", n.path("slug").asText(), n.path("vcpus").asInt(),
                    n.path("memory").asInt(), n.path("disk").asInt(), n.path("price_monthly").asDouble(),
                    n.path("available").asBoolean(true) ? "" : "  (unavailable)");
        }
    }

    @Command(name = "images", description = "Distribution images: slug, distribution, name.", mixinStandardHelpOptions = true)
    static final class Images extends Catalog {
        List<JsonNode> fetch(DigitalOcean dc) { return dc.images("distribution"); }

        String line(JsonNode n) {
            return String.format("%-24s %-12s %s", n.path("slug").asText(String.valueOf(n.path("id").asLong())),
                    n.path("distribution").asText(), n.path("name").asText());
        }
    }

    @Command(name = "regions", description = "Regions: slug, name, available.", mixinStandardHelpOptions = true)
    static final class Regions extends Catalog {
        List<JsonNode> fetch(DigitalOcean dc) { return dc.regions(); }

        String line(JsonNode n) {
            return String.format("%-6s %-20s %s", n.path("slug").asText(), n.path("name").asText(),
                    n.path("available").asBoolean() ? "available" : "unavailable");
        }
    }

    @Command(name = "map", description = "Make the machines match a map of profile -> names: print the plan, then carry it out.",
            mixinStandardHelpOptions = true)
    static final class MapRun extends Base {
        @Parameters(index = "0", paramLabel = "FILE", description = "YAML map: each profile with the list of its machine names.")
        Path file;

        @Option(names = "--prune", description = "Also destroy machines jsalt made that the map does not name.")
        boolean prune;

        @Option(names = "--yes", description = "Carry out a plan that destroys machines (without it, a plan with destroys only prints).")
        boolean yes;

        @Option(names = "--plan", description = "Only print the plan.")
        boolean planOnly;

        @Option(names = "--keep-failed", description = "Keep machines that do not join in time.")
        boolean keepFailed;

        @Override
        public Integer call() throws Exception {
            CloudConfig c = config();
            Map<String, List<String>> desired = CloudMap.read(file, c);
            String providerName = CloudMap.provider(desired, c, file + ": ");
            DigitalOcean dc = client(provider(c, providerName));
            Provisioner pr = provisioner(c, dc, keepFailed);
            Provisioner.Plan plan = pr.plan(desired, prune);
            Output out = new Output(options.json() ? System.err : System.out);
            out.out().println("Plan:");
            plan.create().forEach((n, p) -> out.out().println(out.green("  + " + n) + " (" + p + ")"));
            plan.unchanged().forEach(n -> out.out().println("    " + n + " (unchanged)"));
            plan.notJoined().forEach(n -> out.out().println(out.red("  ? " + n) + " (exists, but its minion has not joined: destroy it and map again)"));
            plan.destroy().forEach(n -> out.out().println(out.red("  - " + n) + " (not in the map: --prune)"));
            plan.foreign().forEach(n -> out.out().println(out.red("  ! " + n) + " (a droplet of that name exists that jsalt did not make)"));
            out.out().println(plan.create().size() + " to create, " + plan.unchanged().size() + " unchanged, " + plan.destroy().size()
                    + " to destroy." + (plan.notJoined().isEmpty() ? "" : " " + plan.notJoined().size() + " not joined."));
            if (planOnly) return 0;
            if (!plan.foreign().isEmpty()) {
                throw new IllegalArgumentException("names taken by droplets jsalt did not make: " + String.join(", ", plan.foreign())
                        + "; rename them in the map or remove those droplets");
            }
            if (!plan.destroy().isEmpty() && !yes) {
                throw new IllegalArgumentException("nothing done: the plan destroys " + String.join(", ", plan.destroy()) + "; add --yes to carry it out");
            }
            if (plan.noop()) {
                out.out().println("No changes.");
                if (options.json()) System.out.println("[ ]");
                return 0;
            }
            List<Provisioner.Outcome> outcomes = pr.apply(plan);
            return report(outcomes.stream().filter(o -> !o.status().equals("unchanged")).toList());
        }
    }
}
