package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code file.serialize}: the file holds {@code dataset} as Salt's serializer writes it ({@link Serializers}), with
 * {@code merge_if_exists} merging into what the file holds first; then it is managed like {@code file.managed}
 * (diff, atomic write, {@code check_cmd}, mode and owner). {@code dataset_pillar} is looked up on the master.
 */
final class Serialize implements FileFunction {
    static final Params P = Params.of("file.serialize", "name", "dataset", "user", "group", "mode", "backup",
            "makedirs", "show_changes", "create", "merge_if_exists", "serializer", "formatter", "check_cmd", "tmp_ext");

    @Override
    public Params params() { return P; }

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Path path = FilePaths.checked(r.name());
        Stat st = Stat.of(path);
        if (!args.bool("create", true) && !(st.exists() && st.isFile())) {
            return Plan.inSync("File " + path + " is not present and is not set for creation");
        }
        if (args.has("serializer") && args.has("formatter")) return Plan.failed("Only one of serializer and formatter are allowed");
        String given = args.string("serializer").or(() -> args.string("formatter")).orElse("yaml");
        String serializer = Serializers.canonical(given);
        if (serializer == null) {
            return Plan.failed("The " + given + " serializer could not be found. It either does not exist or its prerequisites are not installed.");
        }
        Object dataset = args.raw("dataset");
        if (dataset == null) return Plan.failed("Neither 'dataset' nor 'dataset_pillar' was defined");
        if (st.isLink()) return Plan.failed(path + " is a symlink; file.serialize manages regular files only");
        if (st.exists() && !st.isFile()) return Plan.failed(path + " exists and is " + st.kind() + ", not a file");

        if (args.bool("merge_if_exists", false) && st.exists()) {
            if (!serializer.equals("yaml") && !serializer.equals("json")) {
                return Plan.failed("merge_if_exists is not supported for the " + given + " serializer");
            }
            Object existing;
            try {
                existing = Serializers.deserialize(serializer, Files.readString(path));
            } catch (Exception e) {
                return Plan.failed("Failed to deserialize existing data: " + e.getMessage());
            }
            if (existing != null) {
                Object merged = Serializers.merge(existing, dataset);
                if (existing.equals(merged)) return Plan.inSync("The file " + path + " is in the correct state");
                dataset = merged;
            }
        }
        String text;
        try {
            text = Serializers.serialize(serializer, dataset);
        } catch (IllegalArgumentException e) {
            return Plan.failed(e.getMessage());
        }
        boolean makedirs = args.bool("makedirs", false);
        String err = Parents.blocked(path);
        if (err != null) return Plan.failed(err);
        Attrs attrs = Attrs.from(args, ctx, "mode");
        byte[] current = st.exists() ? ContentChange.read(path, st) : null;
        Plan plan = ContentChange.of(path, attrs, r, args, ctx, "dataset")
                .checkedBy(args.string("check_cmd").orElse(null), args.string("tmp_ext", ""))
                .makingParents(makedirs, null)
                .saying("Dataset will be serialized and stored into " + path, "File " + path + " updated")
                .plan(st, current, text.getBytes(StandardCharsets.UTF_8), ctx);
        return Parents.assumingParent(plan, path, makedirs);
    }
}
