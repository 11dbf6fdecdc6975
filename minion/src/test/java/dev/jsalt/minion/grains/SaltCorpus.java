package dev.jsalt.minion.grains;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference: {@code salt-call --local grains.items} of Salt 3006.1 on a Debian 12 VM, copied unchanged from the
 * salt corpus ({@code ../shared/salt-corpus/grains.json}, see its README) to {@code grains/salt-3006.1-debian12.json}.
 */
final class SaltCorpus {
    private SaltCorpus() {
    }

    static Map<String, Object> grains() throws IOException {
        try (InputStream in = SaltCorpus.class.getResourceAsStream("/grains/salt-3006.1-debian12.json")) {
            Map<String, Map<String, Object>> all = new ObjectMapper().readValue(in,
                    new TypeReference<LinkedHashMap<String, Map<String, Object>>>() { });
            return all.get("local");
        }
    }
}
