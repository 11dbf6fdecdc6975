package dev.jsalt.e2e.lab;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabSpecYamlTest {
    @Test
    void readsAFleet() {
        LabSpec s = LabSpecYaml.parse("""
                name: demo
                master: salt
                hosts:
                  - {name: salt, index: 2}
                  - {name: app1, index: 10, grains: {role: app}}
                """, "lab.yaml");
        assertEquals("demo", s.name());
        assertEquals("10.77.0.0/24", s.subnet().toString());
        assertEquals("salt", s.master());
        assertEquals("10.77.0.10", s.subnet().address(s.hosts().get(1).index()));
        assertEquals(Map.of("role", "app"), s.hosts().get(1).grains());
        assertTrue(s.acceptKeys());
    }

    @Test
    void bootPerLabAndPerHostAndTheDebsDirectory() {
        LabSpec s = LabSpecYaml.parse("""
                name: boot
                boot: systemd
                debs: ../packaging/target/debs
                hosts:
                  - {name: a, index: 2}
                  - {name: b, index: 3, boot: light}
                """, "/work/x/e2e/lab.yaml");
        assertEquals(Boot.SYSTEMD, s.bootOf(s.hosts().get(0)));
        assertEquals(Boot.LIGHT, s.bootOf(s.hosts().get(1)));
        assertEquals("/work/x/packaging/target/debs", s.debs());
        LabSpec light = LabSpecYaml.parse("name: t\nhosts: [{name: a, index: 1}, {name: b, index: 2, boot: systemd}]\n", "x");
        assertEquals(Boot.LIGHT, light.bootOf(light.hosts().get(0)));
        assertEquals(Boot.SYSTEMD, light.bootOf(light.hosts().get(1)));
        assertTrue(light.anyBooted());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabSpecYaml.parse("name: t\nboot: docker\nhosts: [{name: a, index: 1}]\n", "lab.yaml"))
                .getMessage().contains("boot must be light or systemd, got 'docker'"));
    }

    @Test
    void theShippedExampleIsValid() {
        LabSpec s = LabSpecYaml.read(java.nio.file.Path.of("lab.yaml"));
        assertEquals("salt", s.master());
        assertEquals(4, s.hosts().size());
    }

    @Test
    void bareHostsWithoutMasterAndOwnSubnet() {
        LabSpec s = LabSpecYaml.parse("name: t1\nsubnet: 10.99.0.0/16\nhosts: [{name: a, index: 300}]\n", "x");
        assertNull(s.master());
        assertEquals("10.99.1.44", s.subnet().address(300));
    }

    @Test
    void mistakesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabSpecYaml.parse("name: t\nhostz: []\n", "lab.yaml"))
                .getMessage().contains("unknown key 'hostz'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabSpecYaml.parse("name: t\nmaster: x\nhosts: [{name: a, index: 1}]\n", "lab.yaml"))
                .getMessage().contains("master host 'x'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabSpecYaml.parse("name: my-lab\nhosts: [{name: a, index: 1}]\n", "lab.yaml"))
                .getMessage().contains("no dashes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabSpecYaml.parse("name: t\nhosts: [{name: a, index: 1}, {name: b, index: 1}]\n", "lab.yaml"))
                .getMessage().contains("used twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabSpecYaml.parse("name: t\nhosts: [{name: a, index: 255}]\n", "lab.yaml"))
                .getMessage().contains("outside 10.77.0.0/24"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabSpecYaml.parse("name: t\nhosts: [{name: A_b, index: 3}]\n", "lab.yaml"))
                .getMessage().contains("hosts[0]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabSpecYaml.parse("name: t\naccept_keys: 1\nhosts: [{name: a, index: 1}]\n", "lab.yaml"))
                .getMessage().startsWith("lab.yaml: accept_keys must be true or false"));
        String broken = assertThrows(IllegalArgumentException.class, () -> LabSpecYaml.parse("name: t\nhosts: [{name: a\n", "lab.yaml"))
                .getMessage();
        assertTrue(broken.startsWith("lab.yaml:") && broken.contains("not valid YAML") && !broken.contains("\n"), broken);
    }
}
