package dev.jsalt.common.state;

import java.util.List;
import java.util.Map;

/**
 * One compiled resource of a state document.
 *
 * @param key        unique within the document, Salt style: {@code module_|-id_|-name_|-function}
 * @param id         the ID declaration it came from
 * @param module     state module, e.g. {@code pkg}
 * @param function   state function, e.g. {@code installed}
 * @param name       the {@code name} argument (defaults to the ID)
 * @param args       every other argument, already rendered; secrets are {@code {"$sealed": "..."}} maps
 * @param requisites resolved requisites (targets are keys of earlier resources in the document)
 * @param sls        the SLS it was declared in, e.g. {@code firewall.init}
 * @param file       the file in the state tree, e.g. {@code firewall/init.sls}
 * @param line       line of the ID declaration in that file (1-based; 0 if unknown)
 * @param failhard   stop the whole run if this resource fails
 */
public record Resource(
        String key,
        String id,
        String module,
        String function,
        String name,
        Map<String, Object> args,
        List<Requisite> requisites,
        String sls,
        String file,
        int line,
        boolean failhard) {

    public Resource {
        args = args == null ? Map.of() : args;
        requisites = requisites == null ? List.of() : List.copyOf(requisites);
    }

    public String fun() { return module + "." + function; }

    public static String keyOf(String module, String id, String name, String function) {
        return module + "_|-" + id + "_|-" + name + "_|-" + function;
    }
}
