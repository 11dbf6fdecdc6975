{#-
  The migration's replication phases, switched by the pillar's `mysql:phase`:
    none          nothing (servers stand alone)
    replica       each host with a `source` follows it; an empty replica is seeded from the source first
    multi-source  master<->master: each host with a `peer` follows it; the host that used to be the source starts
                  at the peer's current position (start_at_current), so nothing is replayed twice
    decommission  replication stopped and reset
  Addresses are the hosts' VPN addresses: replication runs over tinc, never the public network.
-#}
{%- from 'mysql/map.jinja' import mysql with context %}
include:
  - mysql.server
{%- set me = mysql.hosts.get(grains['id'], {}) %}

{%- macro replica(source_id, seed, start_at_current) %}
{%- set source = mysql.hosts[source_id] %}
mysql-replication:
  mysql.replica:
    - source_host: {{ source.vpn }}
    - source_port: {{ source.get('port', 3306) }}
    - source_user: {{ mysql.repl_user }}
    - source_password: {{ mysql.repl_password | tojson }}
    - use_gtid: slave_pos
    - seed: {{ seed }}
    - start_at_current: {{ start_at_current }}
    - heartbeat_period: {{ mysql.heartbeat_period }}
    - max_lag: {{ mysql.max_lag }}
    - timeout: {{ mysql.timeout }}
    - require:
      - mysql: mysql-repl-grants
{%- endmacro %}

{%- if mysql.phase == 'replica' and me.get('source') %}
{{ replica(me.source, True, False) }}
{%- elif mysql.phase == 'multi-source' and me.get('peer') %}
{{ replica(me.peer, False, not me.get('source')) }}
{%- elif mysql.phase == 'decommission' %}
mysql-replication:
  mysql.replication_stopped:
    - require:
      - service: mysql-server-service
{%- endif %}
