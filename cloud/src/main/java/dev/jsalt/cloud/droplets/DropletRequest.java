package dev.jsalt.cloud.droplets;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The body of {@code POST /v2/droplets} for one droplet (the spec's {@code droplet_single_create}). {@code image} is
 * a slug or a numeric id; {@code sshKeys} are ids or fingerprints; {@code vpcUuid} and {@code userData} may be null.
 */
public record DropletRequest(String name, String region, String size, String image, List<String> sshKeys,
                             boolean backups, boolean ipv6, boolean monitoring, List<String> tags,
                             String vpcUuid, String userData) {

    public DropletRequest {
        sshKeys = List.copyOf(sshKeys);
        tags = List.copyOf(tags);
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", name);
        if (region != null) o.put("region", region);
        o.put("size", size);
        if (image.matches("[0-9]{1,18}")) o.put("image", Long.parseLong(image));
        else o.put("image", image);
        var keys = o.putArray("ssh_keys");
        for (String k : sshKeys) {
            if (k.matches("[0-9]{1,18}")) keys.add(Long.parseLong(k));
            else keys.add(k);
        }
        o.put("backups", backups);
        o.put("ipv6", ipv6);
        o.put("monitoring", monitoring);
        var t = o.putArray("tags");
        tags.forEach(t::add);
        if (vpcUuid != null) o.put("vpc_uuid", vpcUuid);
        if (userData != null) o.put("user_data", userData);
        return o;
    }
}
