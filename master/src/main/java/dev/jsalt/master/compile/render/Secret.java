package dev.jsalt.master.compile.render;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A pillar value marked {@code !secret}. Templates never see its text: printing it, concatenating it or serialising
 * it (tojson, yaml) yields the opaque {@link #token()}, and after the YAML pass {@link Secrets#reveal} turns every
 * string holding a token into {@code {"$secret": "<plaintext>"}} so the master can seal it for the one minion.
 *
 * @param token random placeholder, unique per compile: {@code JSALT_SECRET_<20 hex>}
 * @param value the plaintext value
 */
public record Secret(String token, Object value) {

    @JsonValue
    @Override
    public String toString() {
        return token;
    }
}
