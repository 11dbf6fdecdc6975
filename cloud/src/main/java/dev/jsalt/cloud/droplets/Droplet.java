package dev.jsalt.cloud.droplets;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** What jsalt uses of a DigitalOcean droplet, read from the API's {@code droplet} object. */
public record Droplet(long id, String name, String status, String region, String size, String image,
                      List<String> tags, String publicIpv4, String privateIpv4, String publicIpv6, String createdAt) {

    public boolean active() { return "active".equals(status); }

    public boolean hasTag(String tag) { return tags.contains(tag); }

    static Droplet of(JsonNode d) {
        List<String> tags = new ArrayList<>();
        d.path("tags").forEach(t -> tags.add(t.asText()));
        String pub4 = null;
        String priv4 = null;
        for (JsonNode n : d.path("networks").path("v4")) {
            if ("public".equals(n.path("type").asText()) && pub4 == null) pub4 = n.path("ip_address").asText(null);
            if ("private".equals(n.path("type").asText()) && priv4 == null) priv4 = n.path("ip_address").asText(null);
        }
        String pub6 = null;
        for (JsonNode n : d.path("networks").path("v6")) {
            if ("public".equals(n.path("type").asText()) && pub6 == null) pub6 = n.path("ip_address").asText(null);
        }
        JsonNode image = d.path("image");
        String imageName = image.hasNonNull("slug") ? image.get("slug").asText() : image.path("id").asText(null);
        return new Droplet(d.path("id").asLong(), d.path("name").asText(), d.path("status").asText(),
                d.path("region").path("slug").asText(null), d.path("size_slug").asText(null), imageName,
                List.copyOf(tags), pub4, priv4, pub6, d.path("created_at").asText(null));
    }
}
