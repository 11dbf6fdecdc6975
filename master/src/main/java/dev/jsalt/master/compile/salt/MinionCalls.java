package dev.jsalt.master.compile.salt;

import java.util.List;
import java.util.Map;

/**
 * Execution functions that Salt evaluates on the minion while rendering ({@code salt['user.info'](name)},
 * {@code salt['file.file_exists'](path)}, {@code salt['cmd.run'](cmd)}, ...). jsalt renders on the master, so it asks
 * the minion being compiled for: a compile first renders with no answers, recording every such call; the master then
 * asks that minion for all of them in one round trip and renders again with the answers (again only if an answer led
 * the template to a call it had not made before). Answers are cached for the rest of that compile.
 */
public interface MinionCalls {

    /** One call: Salt's function name, positional and keyword arguments (plain JSON-able values). */
    record Call(String function, List<Object> args, Map<String, Object> kwargs) {
        public Call {
            // None is a legal argument (cmd.run(cmd, cwd=None)): copies that keep nulls, read-only
            args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
            kwargs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kwargs));
        }

        /** The call as {@code jsalt.render_calls} takes it: {@code {"function": ..., "args": [...], "kwargs": {...}}}. */
        public Map<String, Object> toWire() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("function", function);
            m.put("args", args);
            m.put("kwargs", kwargs);
            return m;
        }

        /** {@code user.info('deploy')} — how {@code jsalt show} and errors name the call. */
        public String describe() {
            StringBuilder sb = new StringBuilder(function).append('(');
            String sep = "";
            for (Object a : args) {
                sb.append(sep).append(dev.jsalt.common.json.Json.string(a));
                sep = ", ";
            }
            for (Map.Entry<String, Object> e : new java.util.TreeMap<>(kwargs).entrySet()) {
                sb.append(sep).append(e.getKey()).append('=').append(dev.jsalt.common.json.Json.string(e.getValue()));
                sep = ", ";
            }
            return sb.append(')').toString();
        }
    }

    /**
     * The minion's answer to {@code call}. When the answer is not known yet, records the call and returns
     * {@code placeholder} (a value of the type the function returns, so the discovery render can go on); the compile
     * is then repeated with the answers.
     */
    Object answer(Call call, Object placeholder);

    /** No minion to ask (a runbook, a test): every call is refused with {@code why}. */
    static MinionCalls refuse(String why) {
        return (call, placeholder) -> {
            throw new IllegalStateException("salt['" + call.function() + "'] runs on the minion, and " + why);
        };
    }
}
