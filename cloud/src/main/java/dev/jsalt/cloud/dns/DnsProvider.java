package dev.jsalt.cloud.dns;

import java.util.Optional;

/**
 * One place where a zone's records live (Cloudflare, an RFC 2136 server, ...), seen as RRsets. Every method either
 * does what it says or throws {@link DnsException} with a one-line message; a failed call leaves the records as they
 * were, as far as the provider allows (Cloudflare has no transaction: see {@link CloudflareDns#put}).
 */
public interface DnsProvider {
    /** Provider name for messages ({@code cloudflare}, {@code rfc2136}). */
    String name();

    /** The records of {@code name} and {@code type} in {@code zone}; empty if there are none. */
    Optional<RecordSet> get(String zone, String name, String type);

    /** Makes the RRset exactly {@code desired} (creating, changing or removing single records as needed). */
    void put(String zone, RecordSet desired);

    /** Removes every record of {@code name} and {@code type}; nothing to remove is not an error. */
    void delete(String zone, String name, String type);
}
