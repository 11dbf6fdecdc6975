package dev.jsalt.jinja.api;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.Template;
import dev.jsalt.jinja.TemplateLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One cached template rendered from many threads at once, each render with its own variables. */
class ConcurrencyTest {
    @Test
    void cachedTemplateRendersConcurrently() throws Exception {
        Environment env = Environment.builder().loader(TemplateLoader.ofMap(Map.of(
                "map.jinja", "{% set cfg = {'name': who, 'items': []} %}{% for i in range(n) %}{% do cfg['items'].append(i) %}{% endfor %}",
                "main.sls", "{% from 'map.jinja' import cfg with context %}{% macro m(x) %}<{{ x }}>{% endmacro %}"
                        + "{{ cfg.name }}:{% for i in cfg['items'] %}{{ m(i) }}{% endfor %}{% import 'map.jinja' as again with context %}"))).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < 200; r++) {
                        int n = (thread + r) % 7;
                        String who = "w" + thread + "-" + r;
                        Template tpl = env.getTemplate("main.sls");
                        StringBuilder expected = new StringBuilder(who + ":");
                        for (int i = 0; i < n; i++) {
                            expected.append('<').append(i).append('>');
                        }
                        assertEquals(expected.toString(), tpl.render(Map.of("who", who, "n", n)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
