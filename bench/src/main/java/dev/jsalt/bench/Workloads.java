package dev.jsalt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The state files the bench applies.
 * <ul>
 *   <li>{@code swarmfiles}: 20 file.managed inside each swarm minion's scratch dir (the {@code swarm_root} grain).</li>
 *   <li>{@code w1}: DESIGN's W1 for a real minion: 100 file.managed (40-line files, mode 0644, root-owned when the bench
 *   runs as root), 10 pkg.installed of packages every Debian has, 5 cmd.run guarded by {@code creates}/{@code unless} that
 *   are already satisfied. The same shape as minion/src/test/.../W1Bench, compiled by the master here.</li>
 * </ul>
 */
final class Workloads {
    static final List<String> PACKAGES = List.of("bash", "coreutils", "dpkg", "apt", "grep", "sed", "tar", "gzip",
            "findutils", "debianutils");

    private Workloads() {
    }

    static void writeStateTree(Path states, Path w1Root) throws IOException {
        Files.writeString(states.resolve("swarmfiles.sls"), """
                {% for i in range(20) %}
                bench-file-{{ i }}:
                  file.managed:
                    - name: {{ grains['swarm_root'] }}/etc/bench-{{ i }}.conf
                    - makedirs: True
                    - mode: '0644'
                    - contents: |
                        # bench file {{ i }} of {{ grains['id'] }}
                        setting_a = {{ i }}
                        setting_b = {{ i * 2 }}
                {% endfor %}
                """);
        Files.createDirectories(w1Root.resolve("etc"));
        Path marker = Files.writeString(w1Root.resolve("done.marker"), "x");
        boolean root = "root".equals(System.getProperty("user.name"));
        StringBuilder sls = new StringBuilder();
        sls.append("{% for i in range(100) %}\n")
                .append("w1-file-{{ i }}:\n  file.managed:\n")
                .append("    - name: ").append(w1Root.resolve("etc")).append("/app{{ i }}.conf\n")
                .append("    - mode: '0644'\n")
                .append(root ? "    - user: root\n    - group: root\n" : "")
                .append("    - contents: |\n        # file {{ i }}\n")
                .append("{% for line in range(40) %}        setting_{{ line }} = value {{ line }}\n{% endfor %}")
                .append("{% endfor %}\n");
        for (String p : PACKAGES) sls.append("w1-pkg-").append(p).append(":\n  pkg.installed:\n    - name: ").append(p).append('\n');
        for (int i = 0; i < 3; i++) {
            sls.append("w1-cmd-creates-").append(i).append(":\n  cmd.run:\n    - name: /bin/false\n    - creates: ").append(marker).append('\n');
        }
        for (int i = 0; i < 2; i++) {
            sls.append("w1-cmd-unless-").append(i).append(":\n  cmd.run:\n    - name: /bin/false\n    - unless: test -e ").append(marker).append('\n');
        }
        Files.writeString(states.resolve("w1.sls"), sls.toString());
        writeRunawayStates(states);
    }

    /** Include levels of the {@code chain0} SLS: past the compiler's include depth limit (64), so it is refused. */
    static final int CHAIN = 80;

    /**
     * The soak's runaway compiles, each stopped by a compile bound (docs/security.md, "Limits"): {@code bomb}, a YAML
     * alias bomb (48 aliases, under SnakeYAML's own alias limit, 2^25 values once expanded; refused past 1,000,000),
     * {@code chain0}, an include chain 80 files deep (refused past 64), and {@code loop}, a Jinja loop of 10^10
     * iterations (refused by the template engine at its 1,000,000th).
     */
    static void writeRunawayStates(Path states) throws IOException {
        StringBuilder bomb = new StringBuilder("#!yaml\nbomb:\n  cmd.run:\n    - name: echo\n    - env:\n        a0: &a0 [x, x]\n");
        for (int i = 1; i <= 24; i++) {
            bomb.append("        a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        Files.writeString(states.resolve("bomb.sls"), bomb.toString());
        for (int i = 0; i < CHAIN; i++) {
            Files.writeString(states.resolve("chain" + i + ".sls"), "#!yaml\ninclude:\n  - chain" + (i + 1) + "\nchain-" + i
                    + ":\n  cmd.run:\n    - name: 'true'\n");
        }
        Files.writeString(states.resolve("chain" + CHAIN + ".sls"), "#!yaml\nchain-end:\n  cmd.run:\n    - name: 'true'\n");
        Files.writeString(states.resolve("loop.sls"), "{%- for i in range(100000) %}{%- for j in range(100000) %}"
                + "{%- endfor %}{%- endfor %}\nloop:\n  cmd.run:\n    - name: 'true'\n");
    }
}
