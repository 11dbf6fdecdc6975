package dev.jsalt.minion.states.ufw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rule files as ufw 0.36.2 wrote them in a lab namespace after
 * {@code ufw allow 22/tcp; ufw allow in on tun0 to any port 3306;
 * ufw allow in on tun0 from 10.88.0.5/24 to any port 6000:6007 proto tcp comment "redis x";
 * ufw limit in on eth1 proto tcp from 2001:db8::5/64 to any port 22} (iptables lines trimmed).
 */
final class UfwFixtures {
    static final String USER_RULES = """
            *filter
            :ufw-user-input - [0:0]
            :ufw-user-output - [0:0]
            :ufw-user-forward - [0:0]
            :ufw-user-limit - [0:0]
            :ufw-user-limit-accept - [0:0]
            ### RULES ###

            ### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in
            -A ufw-user-input -p tcp --dport 22 -j ACCEPT

            ### tuple ### allow any 3306 0.0.0.0/0 any 0.0.0.0/0 in_tun0
            -A ufw-user-input -i tun0 -p tcp --dport 3306 -j ACCEPT
            -A ufw-user-input -i tun0 -p udp --dport 3306 -j ACCEPT

            ### tuple ### allow tcp 6000:6007 0.0.0.0/0 any 10.88.0.0/24 in_tun0 comment=72656469732078
            -A ufw-user-input -i tun0 -p tcp -m multiport --dports 6000:6007 -s 10.88.0.0/24 -j ACCEPT

            ### END RULES ###
            COMMIT
            """;

    static final String USER6_RULES = """
            *filter
            :ufw6-user-input - [0:0]
            ### RULES ###

            ### tuple ### allow tcp 22 ::/0 any ::/0 in
            -A ufw6-user-input -p tcp --dport 22 -j ACCEPT

            ### tuple ### allow any 3306 ::/0 any ::/0 in_tun0
            -A ufw6-user-input -i tun0 -p tcp --dport 3306 -j ACCEPT
            -A ufw6-user-input -i tun0 -p udp --dport 3306 -j ACCEPT

            ### tuple ### limit tcp 22 ::/0 any 2001:db8::5/64 in_eth1
            -A ufw6-user-input -i eth1 -p tcp --dport 22 -s 2001:db8::5/64 -j ufw6-user-limit

            ### END RULES ###
            COMMIT
            """;

    static final String EMPTY_RULES = """
            *filter
            :ufw-user-input - [0:0]
            ### RULES ###
            ### END RULES ###
            COMMIT
            """;

    private UfwFixtures() {
    }

    /** A root holding etc/ufw/{user.rules,user6.rules,ufw.conf} and etc/default/ufw as Debian ships them. */
    static Path root(Path dir, String v4, String v6, boolean enabled, String inputPolicy) throws IOException {
        Files.createDirectories(dir.resolve("etc/ufw"));
        Files.createDirectories(dir.resolve("etc/default"));
        Files.writeString(dir.resolve("etc/ufw/user.rules"), v4);
        Files.writeString(dir.resolve("etc/ufw/user6.rules"), v6);
        Files.writeString(dir.resolve("etc/ufw/ufw.conf"), "# /etc/ufw/ufw.conf\n#\n\nENABLED=" + (enabled ? "yes" : "no")
                + "\n\nLOGLEVEL=low\n");
        Files.writeString(dir.resolve("etc/default/ufw"), "# /etc/default/ufw\nIPV6=yes\n\nDEFAULT_INPUT_POLICY=\""
                + inputPolicy + "\"\nDEFAULT_OUTPUT_POLICY=\"ACCEPT\"\nDEFAULT_FORWARD_POLICY=\"DROP\"\n"
                + "DEFAULT_APPLICATION_POLICY=\"SKIP\"\nMANAGE_BUILTINS=no\n");
        return dir;
    }
}
