package dev.jsalt.jinja.bench;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.RenderRequest;
import dev.jsalt.jinja.Template;
import dev.jsalt.jinja.TemplateLoader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a typical Salt formula (a map.jinja imported with context, a ~100-line SLS with loops, macros,
 * filters and conditionals) and prints renders per second. Not a test: run it by hand,
 * {@code java -cp jinja/target/classes:jinja/target/test-classes dev.jsalt.jinja.bench.RenderBench}.
 */
public final class RenderBench {
    static final String MAP = """
            {%- set os_map = {
                'Debian': {'pkg': 'nginx', 'service': 'nginx', 'conf_dir': '/etc/nginx', 'user': 'www-data'},
                'RedHat': {'pkg': 'nginx', 'service': 'nginx', 'conf_dir': '/etc/nginx', 'user': 'nginx'},
            } %}
            {%- set defaults = {'worker_processes': 'auto', 'keepalive': 65, 'sites': {}, 'users': {}, 'packages': []} %}
            {%- set nginx = defaults.copy() %}
            {%- do nginx.update(os_map.get(grains['os_family'], os_map['Debian'])) %}
            {%- do nginx.update(salt_pillar.get('nginx', {})) %}
            """;

    static final String SLS;

    static {
        StringBuilder b = new StringBuilder();
        b.append("""
                {%- from 'nginx/map.jinja' import nginx with context %}
                {%- macro file_state(id, path, mode='0644', user='root') %}
                {{ id }}:
                  file.managed:
                    - name: {{ path }}
                    - mode: '{{ mode }}'
                    - user: {{ user }}
                    - makedirs: True
                {%- endmacro %}
                nginx-pkg:
                  pkg.installed:
                    - name: {{ nginx.pkg }}
                {%- for pkg in nginx.packages|unique|sort %}
                extra-{{ pkg }}:
                  pkg.installed:
                    - name: {{ pkg }}
                {%- endfor %}
                {{ file_state('nginx-conf', nginx.conf_dir ~ '/nginx.conf') }}
                    - contents: |
                        user {{ nginx.user }};
                        worker_processes {{ nginx.worker_processes }};
                        keepalive_timeout {{ nginx.keepalive }};
                {%- for name, site in nginx.sites|dictsort %}
                {%- set port = site.get('port', 80) %}
                {{ file_state('site-' ~ name, nginx.conf_dir ~ '/sites-available/' ~ name, mode='0640') }}
                    - contents: |
                        server {
                          listen {{ port }}{{ ' ssl' if site.get('ssl') else '' }};
                          server_name {{ site.get('aliases', [name])|join(' ') }};
                          root {{ site.root|default('/var/www/' ~ name) }};
                        {%- for loc in site.get('locations', []) %}
                          location {{ loc.path }} { proxy_pass {{ loc.backend }}; }
                        {%- endfor %}
                        }
                site-{{ name }}-enabled:
                  file.symlink:
                    - name: {{ nginx.conf_dir }}/sites-enabled/{{ name }}
                    - target: {{ nginx.conf_dir }}/sites-available/{{ name }}
                    - require:
                      - file: site-{{ name }}
                {%- endfor %}
                {%- for user, data in nginx.users.items() if data.get('present', True) %}
                web-user-{{ user }}:
                  user.present:
                    - name: {{ user }}
                    - uid: {{ data.uid }}
                    - groups: {{ data.get('groups', [])|tojson }}
                    - shell: {{ data.get('shell', '/usr/sbin/nologin') }}
                {%- endfor %}
                nginx-service:
                  service.running:
                    - name: {{ nginx.service }}
                    - enable: True
                    - watch:
                      - file: nginx-conf
                {%- for name in nginx.sites %}
                      - file: site-{{ name }}
                {%- endfor %}
                """);
        for (int i = 0; i < 40; i++) {
            b.append("# filler line ").append(i).append(": {{ grains['id'] }} {{ loop_free_value|default('x')|upper }}\n");
        }
        SLS = b.toString();
    }

    static Map<String, Object> context() {
        Map<String, Object> sites = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> site = new LinkedHashMap<>();
            site.put("port", 8000 + i);
            site.put("ssl", i % 2 == 0);
            site.put("aliases", List.of("s" + i + ".example.com", "www.s" + i + ".example.com"));
            site.put("locations", List.of(Map.of("path", "/api", "backend", "http://127.0.0.1:" + (9000 + i))));
            sites.put("site" + i, site);
        }
        Map<String, Object> users = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            users.put("user" + i, Map.of("uid", 2000 + i, "groups", List.of("www-data", "adm")));
        }
        Map<String, Object> nginx = new LinkedHashMap<>();
        nginx.put("sites", sites);
        nginx.put("users", users);
        nginx.put("packages", new ArrayList<>(List.of("curl", "openssl", "curl", "logrotate")));
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("grains", Map.of("os_family", "Debian", "id", "web1"));
        ctx.put("salt_pillar", Map.of("nginx", nginx));
        return ctx;
    }

    public static void main(String[] args) {
        Environment env = Environment.builder().loader(TemplateLoader.ofMap(Map.of("nginx/map.jinja", MAP, "nginx/init.sls", SLS))).build();
        Template t = env.getTemplate("nginx/init.sls");
        RenderRequest req = RenderRequest.salt(context());
        String out = t.render(req);
        int lines = out.split("\n").length;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            t.render(req);
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 0;
        long start = System.nanoTime();
        long cpuStart = mx.getCurrentThreadCpuTime();
        long end = start + 5_000_000_000L;
        while (System.nanoTime() < end) {
            env.getTemplate("nginx/init.sls").render(req);
            n++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        // CPU time per render is the figure that does not depend on what else the machine runs
        System.out.printf("map.jinja + %d-line SLS (%d output lines): %.0f renders/s wall, %.1f us wall and %.1f us CPU per render"
                + " (warm, one thread)%n", SLS.split("\n").length, lines, n / seconds, seconds * 1e6 / n, cpu * 1e6 / n);
    }
}
