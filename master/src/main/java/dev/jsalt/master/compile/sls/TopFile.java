package dev.jsalt.master.compile.sls;

import dev.jsalt.common.target.Target;
import dev.jsalt.common.target.TargetExpr;
import dev.jsalt.common.target.TargetSyntaxException;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.SourcePos;
import dev.jsalt.master.compile.render.SlsYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A top file ({@code top.sls}) of the {@code base} environment: target → SLS names. Targets are jsalt expressions
 * ({@code role=app}, {@code web*}, {@code L@a,b}, {@code G@role:db and not db1}); Salt's {@code - match: glob | grain |
 * list | compound | pcre} entries are honoured. Other environments are ignored: jsalt has one environment.
 */
public final class TopFile {
    /** One SLS selected for a minion, with where the top file named it (for "not found" errors). */
    public record Entry(String sls, SourcePos pos) {
    }

    private record Rule(Target target, List<Entry> sls) {
    }

    private final List<Rule> rules;

    private TopFile(List<Rule> rules) {
        this.rules = rules;
    }

    /** Parses a loaded top file; an absent or empty one selects nothing. */
    public static TopFile parse(LoadedSls top) {
        List<Rule> rules = new ArrayList<>();
        if (top == null || top.root() == null) return new TopFile(rules);
        SlsYaml y = top.yaml();
        for (NodeTuple env : y.entries(top.root())) {
            if (!y.scalar(env.getKeyNode(), "an environment name").equals("base")) continue;
            if (SlsYaml.isNull(env.getValueNode())) continue;
            if (!(env.getValueNode() instanceof MappingNode targets)) {
                throw y.pos(env.getValueNode()).error("'base' must map targets to lists of SLS names");
            }
            for (NodeTuple t : y.entries(targets)) rules.add(rule(y, t));
        }
        return new TopFile(rules);
    }

    /** The SLS names for a minion, in top-file order, each once. */
    public List<Entry> select(String minionId, Map<String, Object> grains) {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        List<Entry> out = new ArrayList<>();
        for (Rule r : rules) {
            if (!r.target().matches(minionId, grains)) continue;
            for (Entry e : r.sls()) if (seen.add(e.sls())) out.add(e);
        }
        return out;
    }

    private static Rule rule(SlsYaml y, NodeTuple t) {
        Node keyNode = t.getKeyNode();
        String expr = y.scalar(keyNode, "a target");
        String match = null;
        List<Entry> sls = new ArrayList<>();
        Node body = t.getValueNode();
        if (!SlsYaml.isNull(body)) {
            if (!(body instanceof SequenceNode seq)) throw y.pos(body).error("target '" + expr + "' must have a list of SLS names");
            for (Node item : seq.getValue()) {
                if (item instanceof MappingNode m) {
                    for (NodeTuple opt : y.entries(m)) {
                        String k = y.scalar(opt.getKeyNode(), "a top file option");
                        if (!k.equals("match")) throw y.pos(opt.getKeyNode()).error("top file option '" + k + "' is not supported (only match:)");
                        match = y.scalar(opt.getValueNode(), "match");
                    }
                } else {
                    String name = y.scalar(item, "an SLS name");
                    if (!SlsNames.valid(name)) throw y.pos(item).error("'" + name + "' is not a valid SLS name");
                    sls.add(new Entry(name, y.pos(item)));
                }
            }
        }
        SourcePos pos = y.pos(keyNode);
        if (keyNode instanceof ScalarNode s && s.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN && pos.column() > 0) {
            pos = new SourcePos(pos.file(), pos.line(), pos.column() + 1); // columns count from inside the quotes
        }
        return new Rule(target(expr, match, pos), sls);
    }

    private static Target target(String expr, String match, SourcePos pos) {
        try {
            if (match == null) return Target.parse(expr);
            return switch (match) {
                case "glob" -> new TargetExpr.Glob(expr);
                case "list" -> new TargetExpr.ListOf(new LinkedHashSet<>(Arrays.stream(expr.split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList()));
                case "grain" -> Target.parse("G@" + expr);
                case "pcre" -> Target.parse("E@" + expr);
                case "compound" -> Target.parse(expr);
                default -> throw pos.error("match type '" + match + "' is not supported (glob, grain, list, pcre, compound)");
            };
        } catch (TargetSyntaxException e) {
            int col = pos.column() > 0 ? pos.column() + Math.max(e.column() - 1, 0) : 0;
            throw new CompileException(pos.file(), pos.line(), col, e.getMessage());
        }
    }
}
