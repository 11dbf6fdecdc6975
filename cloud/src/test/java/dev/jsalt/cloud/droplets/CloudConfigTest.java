package dev.jsalt.cloud.droplets;

import dev.jsalt.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloudConfigTest {
    private static final String GOOD = """
            master:
              address: 198.51.100.10
            providers:
              do:
                driver: digitalocean
                token_file: do.token
            profiles:
              app:
                provider: do
                region: fra1
                size: s-1vcpu-2gb
                image: debian-12-x64
                tags: [web]
                ssh_keys: ["3b:16:e4:bf:8b:00:8b:b8:59:8c:a9:d3:f0:19:fa:45", 289794]
                monitoring: true
                grains:
                  role: app
                minion:
                  on_master_key_change: exit
                join_timeout: 300
            """;

    private static String error(Path dir) {
        return assertThrows(ConfigException.class, () -> CloudConfig.load(dir)).getMessage();
    }

    @Test
    void providersAndProfilesAreRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cloud.yaml"), GOOD);
        Files.createDirectories(dir.resolve("cloud.d"));
        Files.writeString(dir.resolve("cloud.d/db.yaml"), """
                profiles:
                  db:
                    provider: do
                    region: fra1
                    size: s-2vcpu-4gb
                    image: debian-12-x64
                    ipv6: yes
                    highstate: false
                """);
        CloudConfig c = CloudConfig.load(dir);
        assertEquals(new CloudConfig.MasterAddress("198.51.100.10", 4506, 4505), c.requireMaster());
        assertEquals(dir.resolve("do.token"), c.providers().get("do").tokenFile());
        assertEquals(DigitalOcean.PRODUCTION, c.providers().get("do").url());
        CloudConfig.Profile app = c.profile("app");
        assertEquals(List.of("3b:16:e4:bf:8b:00:8b:b8:59:8c:a9:d3:f0:19:fa:45", "289794"), app.sshKeys());
        assertEquals(Map.of("role", "app"), app.grains());
        assertEquals(300, app.joinTimeout());
        assertTrue(app.highstate());
        assertTrue(c.profile("db").ipv6());
        assertTrue(!c.profile("db").highstate());
        assertEquals("no profile 'web' in cloud.yaml or cloud.d/ (profiles: app, db)",
                assertThrows(ConfigException.class, () -> c.profile("web")).getMessage());
    }

    @Test
    void mistakesNameFileLineAndKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cloud.yaml");
        Files.writeString(f, GOOD.replace("    monitoring: true", "    monitor: true"));
        assertEquals(f + ":15:5: unknown key 'profiles.app.monitor'", error(dir));
        Files.writeString(f, GOOD.replace("provider: do", "provider: digitalocean"));
        assertEquals(f + ":9:15: 'profiles.app.provider': no provider 'digitalocean' (providers: do)", error(dir));
        Files.writeString(f, GOOD.replace("    token_file: do.token", "    token_file: do.token\n    token_env: DO_TOKEN"));
        assertTrue(error(dir).startsWith(f + ":4:3: provider 'do' needs exactly one of 'token_file'"), error(dir));
        Files.writeString(f, GOOD.replace("    driver: digitalocean", "    driver: digitalocean\n    url: http://api.example.com"));
        assertEquals(f + ":6:10: 'providers.do.url': only https, or http on loopback (a stand-in)", error(dir));
        Files.writeString(f, GOOD.replace("    minion:\n      on_master_key_change: exit", "    minion:\n      master: evil:4506"));
        assertTrue(error(dir).startsWith(f + ":19:7: unknown key 'profiles.app.minion.master'"), error(dir));
        Files.writeString(f, GOOD.replace("tags: [web]", "tags: [jsalt-profile-db]"));
        assertTrue(error(dir).contains("tags starting with 'jsalt' are jsalt's own"), error(dir));
        Files.writeString(f, GOOD.replace("join_timeout: 300", "join_timeout: 2"));
        assertEquals(f + ":20:19: 'profiles.app.join_timeout' must be a number from 5 to 86400, got '2'", error(dir));
    }

    @Test
    void aNameDefinedTwiceNamesBothPlaces(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cloud.yaml"), GOOD);
        Files.createDirectories(dir.resolve("cloud.d"));
        Path extra = dir.resolve("cloud.d/more.yaml");
        Files.writeString(extra, "profiles:\n  app:\n    provider: do\n    region: a\n    size: b\n    image: c\n");
        assertEquals(extra + ":2:3: profile 'app' is already defined at " + dir.resolve("cloud.yaml") + ":8:3", error(dir));
    }

    @Test
    void noFileSaysWhereToLook(@TempDir Path dir) {
        assertTrue(error(dir).contains("no cloud providers configured; see docs/cloud.md"), error(dir));
    }

    @Test
    void userDataCarriesTheTokenAndPinButNoKey(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cloud.yaml"), GOOD);
        CloudConfig c = CloudConfig.load(dir);
        String ud = UserData.render(c.profile("app"), c.requireMaster(), "web1", "FP123", "tok-en");
        assertTrue(ud.startsWith("#cloud-config\n"));
        Map<String, String[]> files = UserData.files(ud);
        String minion = files.get("/etc/jsalt/minion.yaml")[1];
        assertTrue(minion.contains("id: web1") && minion.contains("master: 198.51.100.10:4506") && minion.contains("master_fingerprint: FP123")
                && minion.contains("role: app") && minion.contains("on_master_key_change: exit"), minion);
        assertEquals("0600", files.get("/var/lib/jsalt/minion/pki/enrolment.token")[0]);
        assertEquals("tok-en\n", files.get("/var/lib/jsalt/minion/pki/enrolment.token")[1]);
        assertTrue(!ud.contains("PRIVATE") && !ud.contains("minion.key"), ud);
    }
}
