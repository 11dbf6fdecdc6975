package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.value.PyDict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The {@code salt[...]} functions Salt runs on the minion while rendering. Each call goes to
 * {@link SaltContext#minion()}: during the discovery render it is recorded and answered with a placeholder of the
 * type the function returns; the compile then asks the minion for all of them at once ({@code jsalt.render_calls},
 * answered by the minion's {@code RenderCalls}) and renders again with the answers. The names and placeholders are
 * this table; the minion implements the same set.
 */
final class MinionFunctions {
    private MinionFunctions() {
    }

    /** Function name → placeholder for the discovery render (a fresh value each time: templates may mutate it). */
    static final Map<String, Supplier<Object>> SPECS;

    static {
        Map<String, Supplier<Object>> m = new TreeMap<>();
        m.put("user.info", PyDict::new);
        m.put("group.info", PyDict::new);
        m.put("file.file_exists", () -> false);
        m.put("file.directory_exists", () -> false);
        m.put("file.contains_regex", () -> false);
        m.put("file.is_link", () -> false);
        m.put("file.readdir", ArrayList::new);
        m.put("cmd.has_exec", () -> false);
        m.put("cmd.which", () -> null);
        m.put("cmd.run", () -> "");
        m.put("cmd.run_stdout", () -> "");
        m.put("cmd.run_stderr", () -> "");
        m.put("cmd.retcode", () -> 0L);
        m.put("cmd.run_all", () -> {
            PyDict d = new PyDict();
            d.put("pid", 0L);
            d.put("retcode", 0L);
            d.put("stdout", "");
            d.put("stderr", "");
            return d;
        });
        m.put("dig.A", ArrayList::new);
        m.put("dig.AAAA", ArrayList::new);
        m.put("network.ip_addrs", ArrayList::new);
        m.put("network.ip_addrs6", ArrayList::new);
        m.put("network.interfaces", PyDict::new);
        m.put("network.get_hostname", () -> "");
        m.put("network.get_fqdn", () -> "");
        m.put("pkg.version", () -> "");
        m.put("service.available", () -> false);
        SPECS = Collections.unmodifiableMap(m);
    }

    static void register(SaltContext ctx, Map<String, JinjaCallable> fns) {
        SPECS.forEach((name, placeholder) -> fns.put(name, c -> {
            if (ctx.minion() == null) {
                throw new TemplateRuntimeError("salt['" + name + "'] runs on the minion, and this render has no minion to ask");
            }
            List<Object> args = new ArrayList<>();
            for (Object a : c.args()) {
                args.add(SaltModules.plain(a));
            }
            Map<String, Object> kwargs = new LinkedHashMap<>();
            c.kwargs().forEach((k, v) -> kwargs.put(k, SaltModules.plain(v)));
            Object answer;
            try {
                answer = ctx.minion().answer(new MinionCalls.Call(name, args, kwargs), placeholder.get());
            } catch (IllegalStateException e) {
                throw new TemplateRuntimeError(e.getMessage(), e);
            }
            return SaltModules.fromJson(answer);
        }));
    }
}
