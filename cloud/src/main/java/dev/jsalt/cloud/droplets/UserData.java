package dev.jsalt.cloud.droplets;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cloud-init user-data a new machine boots with ({@code #cloud-config}): it writes minion.yaml (its id, the
 * master's address and pinned fingerprint, the profile's grains and minion.yaml settings) and the one-time enrolment
 * token (0600) under the minion's root_dir, installs the minion, starts it, then runs the profile's own additions.
 * No key is in it: the minion makes its own on first start. See docs/security.md, "Enrolment".
 */
public final class UserData {
    public static final String MINION_YAML = "/etc/jsalt/minion.yaml";
    public static final String DEFAULT_ROOT = "/var/lib/jsalt/minion";

    private UserData() {
    }

    /** The token file's path on the machine, under the minion's root_dir. */
    public static String tokenPath(Map<String, Object> minionOverrides) {
        Object root = minionOverrides.getOrDefault("root_dir", DEFAULT_ROOT);
        return root + "/pki/enrolment.token";
    }

    public static String render(CloudConfig.Profile profile, CloudConfig.MasterAddress master, String id, String masterFingerprint,
                                String token) {
        Map<String, Object> minion = new LinkedHashMap<>();
        minion.put("id", id);
        minion.put("master", master.host() + ":" + master.port());
        minion.put("master_key_port", master.keyPort());
        minion.put("master_fingerprint", masterFingerprint);
        minion.put("root_dir", DEFAULT_ROOT);
        minion.putAll(profile.minion());
        Map<String, Object> grains = new LinkedHashMap<>(profile.grains());
        grains.putIfAbsent("cloud_profile", profile.name());
        minion.put("grains", grains);

        Map<String, Object> doc = new LinkedHashMap<>();
        List<Map<String, Object>> files = new ArrayList<>();
        files.add(file(MINION_YAML, "0600", yaml().dump(minion)));
        files.add(file(tokenPath(profile.minion()), "0600", token + "\n"));
        doc.put("write_files", files);
        List<Object> run = new ArrayList<>();
        run.add(List.of("sh", "-c", "chmod 700 " + minion.get("root_dir") + " " + minion.get("root_dir") + "/pki"));
        run.add(List.of("sh", "-c", profile.install()));
        run.add(List.of("systemctl", "enable", "--now", "jsalt-minion"));
        if (profile.userData() != null && !profile.userData().isBlank()) run.add(List.of("sh", "-c", profile.userData()));
        doc.put("runcmd", run);
        return "#cloud-config\n" + yaml().dump(doc);
    }

    private static Map<String, Object> file(String path, String mode, String content) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("path", path);
        f.put("permissions", mode);
        f.put("owner", "root:root");
        f.put("content", content);
        return f;
    }

    private static Yaml yaml() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
        return new Yaml(o);
    }

    /** The files a user-data writes, path → [mode, content]: what a stand-in booter does as cloud-init would. */
    @SuppressWarnings("unchecked")
    public static Map<String, String[]> files(String userData) {
        Map<String, String[]> out = new LinkedHashMap<>();
        if (userData == null || !userData.startsWith("#cloud-config")) return out;
        Object doc = new Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions())).load(userData);
        if (!(doc instanceof Map<?, ?> m) || !(m.get("write_files") instanceof List<?> l)) return out;
        for (Object o : l) {
            Map<String, Object> f = (Map<String, Object>) o;
            out.put(String.valueOf(f.get("path")), new String[]{String.valueOf(f.get("permissions")), String.valueOf(f.get("content"))});
        }
        return out;
    }
}
