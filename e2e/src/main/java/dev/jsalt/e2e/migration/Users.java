package dev.jsalt.e2e.migration;

import dev.jsalt.e2e.lab.LabHost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The story's users, on their own lab host: one client per public name that, every 0.25 s, resolves the name through
 * the host's resolver — keeping the answer for its TTL, as a caching resolver or a browser would, and asking again
 * once it expired — and sends an HTTP request (an order) to the address it got. Each request is logged with its time,
 * the address and what the app server answered. A watcher asks the authoritative server directly every 0.2 s and logs
 * when its answer for a name changes: the moment a DNS change took effect, to measure how long users took to follow.
 */
final class Users {
    private static final String D = "/srv/users";
    private static final String CLIENT = """
            #!/bin/bash
            name=$1; limit=$2; d=/srv/users; ok=0; fail=0; addr=""; expires=0; end=$((SECONDS + limit))
            while [ ! -e $d/stop ] && [ $SECONDS -lt $end ]; do
              now=${EPOCHREALTIME/./}
              if [ -z "$addr" ] || [ "$now" -ge "$expires" ]; then
                read -r ttl a < <(dig +noall +answer +time=2 +tries=2 "$name" A | awk '$4 == "A" {print $2, $5; exit}')
                if [ -n "$a" ]; then addr=$a; expires=$((now + ttl * 1000000)); else addr=""; fi
              fi
              if [ -n "$addr" ] && body=$(curl -sf --max-time 30 -H "Host: $name" "http://$addr/order"); then
                ok=$((ok + 1)); echo "$now $addr ${ttl:-0} ok $body" >>$d/$name.log
              else
                fail=$((fail + 1)); echo "$now ${addr:-unresolved} ${ttl:-0} failed" >>$d/$name.log
              fi
              echo "$ok $fail" >$d/$name.tmp && mv $d/$name.tmp $d/$name.count
              sleep 0.25
            done
            echo "$ok $fail" >$d/$name.done
            """;
    private static final String WATCHER = """
            #!/bin/bash
            server=$1; shift; d=/srv/users; declare -A last
            while [ ! -e $d/stop ]; do
              for name in "$@"; do
                a=$(dig +short +norecurse +time=1 +tries=1 "@$server" "$name" A | head -n 1)
                if [ -n "$a" ] && [ "$a" != "${last[$name]}" ]; then echo "${EPOCHREALTIME/./} $name $a" >>$d/changes.log; last[$name]=$a; fi
              done
              sleep 0.2
            done
            """;

    /** One request as logged: when, to which address, the TTL of the DNS answer that gave it, and who answered. */
    record Request(long micros, String address, int ttl, boolean ok, String server) {
    }

    /** What one name's users saw. */
    record Counts(String name, int ok, int failed) {
    }

    private final LabHost host;
    private final List<String> names;

    private Users(LabHost host, List<String> names) {
        this.host = host;
        this.names = names;
    }

    /** Starts a client per name (fully qualified) and the watcher; returns once every client's first request is done. */
    static Users start(LabHost host, List<String> names, String nameServer, Duration limit) {
        host.check("mkdir", "-p", D);
        host.writeFile(D + "/client.sh", CLIENT);
        host.writeFile(D + "/watcher.sh", WATCHER);
        List<String> watch = new ArrayList<>(List.of("bash", D + "/watcher.sh", nameServer));
        watch.addAll(names);
        host.spawnDaemon("dns-watcher", watch);
        Users u = new Users(host, names);
        for (String name : names) {
            host.spawnDaemon("user-" + name.replace('.', '-'), List.of("bash", D + "/client.sh", name, Long.toString(limit.toSeconds())));
        }
        Poll.until("the users' first requests", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> names.stream().allMatch(n -> !u.requests(n).isEmpty()));
        return u;
    }

    /** Every request made for {@code name} so far. */
    List<Request> requests(String name) {
        String f = D + "/" + name + ".log";
        if (!host.exists(f)) return List.of();
        List<Request> out = new ArrayList<>();
        for (String line : host.readFile(f).split("\n")) {
            String[] p = line.split(" ", 5);
            if (p.length < 4) continue;
            int ttl = p[2].matches("\\d+") ? Integer.parseInt(p[2]) : -1;
            out.add(new Request(Long.parseLong(p[0]), p[1], ttl, p[3].equals("ok"), p.length > 4 ? p[4].split(" ")[0] : ""));
        }
        return out;
    }

    /** When the authoritative server's answer for {@code name} last became {@code address} (µs since the epoch), or -1. */
    long changedAt(String name, String address) {
        String f = D + "/changes.log";
        if (!host.exists(f)) return -1;
        long at = -1;
        for (String line : host.readFile(f).split("\n")) {
            String[] p = line.split(" ");
            if (p.length == 3 && p[1].equals(name)) at = p[2].equals(address) ? Long.parseLong(p[0]) : -1;
        }
        return at;
    }

    /** Waits until at least {@code n} more requests succeeded for every name: the users are still being served. */
    void awaitMoreRequests(int n) {
        Map<String, Long> target = new LinkedHashMap<>();
        for (String name : names) target.put(name, requests(name).stream().filter(Request::ok).count() + n);
        Poll.until("the users' next " + n + " requests", Duration.ofSeconds(30), Duration.ofMillis(250),
                () -> names.stream().allMatch(name -> requests(name).stream().filter(Request::ok).count() >= target.get(name)));
    }

    /** Stops every client after its current request and returns what each saw. */
    List<Counts> stop() {
        host.check("touch", D + "/stop");
        List<Counts> out = new ArrayList<>();
        for (String name : names) {
            String done = D + "/" + name + ".done";
            Poll.until("the users of " + name + " to stop", Duration.ofSeconds(30), Duration.ofMillis(200), () -> host.exists(done));
            String[] p = host.readFile(done).strip().split("\\s+");
            out.add(new Counts(name, Integer.parseInt(p[0]), Integer.parseInt(p[1])));
        }
        return out;
    }

    /** The failed requests' log lines, for a failure message. */
    String failures() {
        StringBuilder sb = new StringBuilder();
        for (String name : names) {
            for (Request r : requests(name)) if (!r.ok()) sb.append(name).append(" at ").append(r.micros()).append(" to ").append(r.address()).append('\n');
        }
        return sb.toString();
    }

    List<String> names() {
        return names;
    }
}
