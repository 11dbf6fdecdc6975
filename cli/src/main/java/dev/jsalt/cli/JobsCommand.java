package dev.jsalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "jobs", description = "Look at past and running jobs.", mixinStandardHelpOptions = true,
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Show.class})
public final class JobsCommand {

    @Command(name = "list", description = "List recent jobs, newest first.", mixinStandardHelpOptions = true)
    static final class ListJobs implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many jobs (default 20).")
        int limit;

        @Override
        public Integer call() {
            boolean json = options.json();
            JsonNode jobs = options.client().get("/v1/jobs?limit=" + limit);
            Output out = new Output(System.out);
            if (json) {
                out.out().println(jobs.toPrettyString());
                return 0;
            }
            out.out().printf("%-20s  %-20s  %-18s  %-20s  %s%n", "JID", "STARTED", "FUNCTION", "TARGET", "MINIONS");
            for (JsonNode j : jobs) {
                out.out().printf("%-20s  %-20s  %-18s  %-20s  %d%n", j.path("jid").asText(),
                        Instant.ofEpochMilli(j.path("startedAt").asLong()).toString().substring(0, 19).replace('T', ' '),
                        j.path("fun").asText(), j.path("target").asText(), j.path("minions").size());
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show one job with every minion's result.", mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "JID")
        String jid;

        @Override
        public Integer call() {
            boolean json = options.json();
            if (!jid.matches("\\d{20}")) throw new IllegalArgumentException("a job id is 20 digits, got '" + jid + "'");
            JsonNode v = options.client().get("/v1/jobs/" + jid);
            Output out = new Output(System.out);
            if (json) {
                out.out().println(v.toPrettyString());
                return 0;
            }
            JsonNode job = v.path("job");
            out.out().println(out.bold("Job " + jid) + ": " + job.path("fun").asText() + " " + job.path("args") + " on '" + job.path("target").asText() + "'");
            out.out().println("Started: " + Instant.ofEpochMilli(job.path("startedAt").asLong()) + (job.hasNonNull("user") ? " by " + job.path("user").asText() : ""));
            if (job.hasNonNull("source")) out.out().println("States from: " + job.path("source").asText());
            JobPrinter p = new JobPrinter(out, false, job.path("fun").asText().equals("state.apply") ? new StateRenderer() : JobPrinter.yaml());
            com.fasterxml.jackson.databind.node.ObjectNode started = dev.jsalt.common.json.Json.mapper().createObjectNode();
            started.put("event", "started");
            started.set("job", job);
            p.onEvent(started);
            for (JsonNode r : v.path("results")) {
                com.fasterxml.jackson.databind.node.ObjectNode e = dev.jsalt.common.json.Json.mapper().createObjectNode();
                e.put("event", "result");
                e.set("result", r);
                if (!r.path("status").asText().equals("WAITING")) p.onEvent(e);
            }
            return p.finish();
        }
    }
}
