package dev.jsalt.minion.states.cron;

import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.states.file.TextDiff;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Salt's {@code cron.file}: a user's whole crontab is the given file. The master reads the salt:// file from the
 * job's commit (rendering it with {@code template: jinja}) and ships its text as {@code source_contents}; the minion
 * compares it with {@code crontab -u USER -l} and installs it whole with {@code crontab -u USER -}. Reference:
 * docs/states/cron.md.
 */
final class CronFile {
    static final Params P = Params.of("cron.file", "name", "user", "replace", "source_contents", "source_path");

    private CronFile() {
    }

    static Plan plan(Args a, RunContext ctx) {
        String user = a.string("user", "root");
        if (user.isEmpty() || !user.matches("[A-Za-z0-9_.][A-Za-z0-9_.@-]*\\$?")) throw a.bad("user", "is not a user name: '" + user + "'");
        String text = a.string("source_contents").orElseThrow(() -> new IllegalArgumentException(
                "cron.file " + a.name() + " arrived without the crontab's text (the master reads the salt:// file and ships it)"));
        // crontab(1) refuses a last line without its newline ("premature EOF")
        String want = text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
        String shown = a.string("source_path", a.name());
        String now = CronModule.read(ctx, user);
        if (now != null && now.equals(want)) return Plan.inSync("Crontab of " + user + " is in the correct state (" + shown + ")");
        if (now != null && !now.isEmpty() && !a.bool("replace", true)) {
            return Plan.inSync("Crontab of " + user + " exists and replace is False: left as it is");
        }
        String before = now == null ? "" : now;
        Map<String, Object> changes = Map.of("diff", TextDiff.unified("crontab of " + user,
                before.getBytes(StandardCharsets.UTF_8), want.getBytes(StandardCharsets.UTF_8)));
        Plan.Changes p = Plan.change(changes, "Crontab of " + user + " would be replaced by " + shown, () -> {
            String failed = CronModule.write(ctx, user, want);
            if (failed != null) return Plan.Done.failed("crontab -u " + user + " - failed: " + failed);
            String after = CronModule.read(ctx, user);
            if (!want.equals(after)) return Plan.Done.failed("Crontab of " + user + " reads back differently after writing " + shown);
            return Plan.Done.ok("Crontab of " + user + " replaced by " + shown);
        });
        return now == null ? p.assuming("user " + user + " does not exist") : p;
    }
}
