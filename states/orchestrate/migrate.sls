{#-
  The zero-downtime move of the example fleet (docs/migration.md tells it step by step): old servers app1 and db1,
  new servers app2, db2 (the new primary) and db3 (its replica). One runbook, run once per phase; each phase begins
  by checking what the one before left:

    jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: prepare}'      # inventory, VPN, db settings, apps onto the VPN, firewall
    jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: replicate}'    # db1 -> db2 -> db3
    jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: multi-source}' # db1 <-> db2
    jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: cutover}'      # core, then blog -> app2 (DNS)
    # (revert: phase revert points the names back at app1; forward again with phase cutover)
    jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: decommission}'  # after stopping app1's and db1's minions

  Add --test to see what a phase would change. Each phase sets what it changes (mysql:phase, dns:records) as a
  per-step pillar override (Salt's `pillar:` on salt.state), so no pillar edit is needed to move forward. Commit the
  same values to the pillar tree afterwards (states/pillar/mysql, states/pillar/dns): a later plain apply compiles
  from the tree and would otherwise put the old values back. Settings below can be overridden with --pillar.
-#}
{%- set phase = pillar.get('phase', 'prepare') %}
{%- set old_db = pillar.get('old_db', 'db1') %}
{%- set new_db = pillar.get('new_db', 'db2') %}
{#- the new fleet's other database servers: replicas of the new primary, seeded from it once it holds the data #}
{%- set new_replicas = pillar.get('new_replicas', 'db3') %}
{%- set old_db_vpn = pillar.get('old_db_vpn', '10.88.0.40') %}
{%- set new_db_vpn = pillar.get('new_db_vpn', '10.88.0.41') %}
{%- set members = pillar.get('members', 'role=app or role=cache or role=core or role=db or role=vpn') %}
{%- set max_lag = pillar.get('max_lag', 5) %}
{%- set probe_from = pillar.get('probe_from', 'app1') %}
{%- set probe_public = pillar.get('probe_public', '10.77.0.40') %}
{%- set old_servers = pillar.get('old_servers', 'L@app1,db1') %}
{#- DNS: the minion that changes records (it alone holds the provider's token), the users' side for checks, the
    public names in the order they move, and the public addresses behind them before and after. #}
{%- set dns_minion = pillar.get('dns_minion', 'ns1') %}
{%- set users_host = pillar.get('users_host', 'users') %}
{%- set zone = pillar.get('zone', 'example.test') %}
{%- set public_names = pillar.get('public_names', ['core', 'blog']) %}
{%- set old_app = pillar.get('old_app', 'app1') %}
{%- set new_app = pillar.get('new_app', 'app2') %}
{%- set old_front = pillar.get('old_front', '10.77.0.10') %}
{%- set new_front = pillar.get('new_front', '10.77.0.11') %}
{%- set low_ttl = pillar.get('low_ttl', 60) %}
{%- set old_records = pillar.get('old_records', ['app1', 'db1']) %}

{%- if phase not in ['prepare', 'replicate', 'multi-source', 'cutover', 'revert', 'decommission'] %}
{{ raise('unknown phase ' ~ phase ~ ': prepare, replicate, multi-source, cutover, revert or decommission') }}
{%- endif %}

{#- Every phase: everyone who should answer does, so no step runs on half a fleet. #}
{%- if phase == 'decommission' %}
# The old servers leave first (their minions stopped beforehand, docs/migration.md): deleting their keys cuts them
# off and purges their mine data, so the VPN below drops their host files. Running the phase again finds nothing to do.
forget-old-servers:
  salt.wheel:
    - name: key.delete
    - match: '{{ old_servers }}'
{%- endif %}

fleet-answers:
  salt.function:
    - name: test.ping
    - tgt: '{{ members }}'
    - timeout: 30
{%- if phase == 'decommission' %}
    - require: [forget-old-servers]
{%- endif %}

{%- if phase == 'prepare' %}

# What the old servers run, kept in the job cache as the migration's "before" picture.
inventory:
  salt.function:
    - name: inventory.collect
    - tgt: '{{ members }}'
    - timeout: 120
    - require: [fleet-answers]

# The mesh needs two passes: keys are made and published (mine) in the first, every host file written in the second.
vpn-keys:
  salt.state:
    - tgt: '{{ members }}'
    - sls: vpn
    - require: [inventory]

vpn-publish:
  salt.function:
    - name: mine.update
    - tgt: '{{ members }}'
    - require: [vpn-keys]

vpn-mesh:
  salt.state:
    - tgt: '{{ members }}'
    - sls: vpn
    - require: [vpn-publish]

vpn-up:
  jsalt.wait:
    - tgt: '{{ members }}'
    - fun: cmd.run
    - arg: [ip, -brief, link, show, tun0]
    - until: ['retcode == 0']
    - timeout: 60
    - require: [vpn-mesh]

# Replication-ready settings (server_id, binlog, GTID, auto-increment interleaving) and the accounts, on every
# database server. On the old primary this is the migration's one restart (the settings change): applications that
# retry their connection for a few seconds ride through it; run prepare in a quiet moment. Every later phase finds
# these settings converged and restarts nothing.
mysql-settings:
  salt.state:
    - tgt: role=db
    - sls: mysql.server
    - timeout: 600
    - require: [vpn-up]

# The app servers' database endpoint moves onto the VPN (each to its own side: states/pillar/app), before the
# firewall closes the database port on the public side: the applications never lose their database.
app-endpoint:
  salt.state:
    - tgt: role=app
    - sls: app
    - require: [mysql-settings]

# Public interfaces: SSH only (plus the VPN port between members); service ports only on tun0.
firewall:
  salt.state:
    - tgt: '*'
    - sls: firewall
    - require: [app-endpoint]

# From an app server: SSH on the db's public address still answers (exit 0 open, 1 refused: reached either way);
# 3306 on it is dropped by the firewall (exit 124: timeout).
ssh-public-open:
  jsalt.wait:
    - tgt: {{ probe_from }}
    - fun: cmd.run
    - arg: [timeout, '2', bash, -c, 'exec 3<>/dev/tcp/{{ probe_public }}/22']
    - until: ['retcode <= 1']
    - timeout: 30
    - require: [firewall]

mysql-public-closed:
  jsalt.wait:
    - tgt: {{ probe_from }}
    - fun: cmd.run
    - arg: [timeout, '2', bash, -c, 'exec 3<>/dev/tcp/{{ probe_public }}/3306']
    - until: ['retcode == 124']
    - timeout: 30
    - require: [firewall]

# The public names' TTL goes down to {{ low_ttl }} s now, long before the cut-over, so that when the names move every
# resolver has forgotten the old answer within a minute. The addresses stay as they are.
dns-ttl-lowered:
  salt.state:
    - tgt: {{ dns_minion }}
    - sls: dns
    - pillar: {dns: {ttl: {{ low_ttl }}}}
    - require: [fleet-answers]
{%- endif %}

{%- if phase in ['replicate', 'multi-source'] %}

# mysql:phase says what replication looks like now (replica, then multi-source); the formula converges the old and
# the new primary to it
mysql:
  salt.state:
    - tgt: 'L@{{ old_db }},{{ new_db }}'
    - sls: mysql
    - pillar:
        mysql: {phase: {{ 'replica' if phase == 'replicate' else 'multi-source' }}}
    - timeout: 900
    - require: [fleet-answers]

{%- if phase == 'replicate' and new_replicas %}

# only once the new primary holds the data (its seed is not in its binlog) can its replicas be seeded from it
new-primary-healthy:
  jsalt.wait:
    - tgt: {{ new_db }}
    - fun: mysql.replication_status
    - until:
      - io_running == Yes
      - sql_running == Yes
      - lag_seconds <= {{ max_lag }}
    - timeout: 300
    - require: [mysql]

mysql-new-replicas:
  salt.state:
    - tgt: 'L@{{ new_replicas }}'
    - sls: mysql
    - pillar:
        mysql: {phase: replica}
    - timeout: 900
    - require: [new-primary-healthy]
{%- endif %}

# every server that replicates now: in phase 1 all but the old primary, in phase 2 all of them
replication-healthy:
  jsalt.wait:
    - tgt: '{{ "role=db and not " ~ old_db if phase == "replicate" else "role=db" }}'
    - fun: mysql.replication_status
    - until:
      - io_running == Yes
      - sql_running == Yes
      - lag_seconds <= {{ max_lag }}
    - timeout: 300
    - require: [{{ 'mysql-new-replicas' if phase == 'replicate' and new_replicas else 'mysql' }}]
{%- endif %}

{%- if phase in ['cutover', 'revert'] %}
{%- set front = new_front if phase == 'cutover' else old_front %}
{%- set other_front = old_front if phase == 'cutover' else new_front %}
{%- set server = new_app if phase == 'cutover' else old_app %}

# Both directions must be healthy before the users move: writes land on either side and reach the other.
replication-healthy:
  jsalt.wait:
    - tgt: role=db
    - fun: mysql.replication_status
    - until:
      - io_running == Yes
      - sql_running == Yes
      - lag_seconds <= {{ max_lag }}
    - timeout: 120
    - require: [fleet-answers]

# The side that takes the users answers through its own database before any name points at it.
{{ server }}-healthy:
  jsalt.wait:
    - tgt: {{ users_host }}
    - fun: cmd.run
    - arg: [curl, -sf, --max-time, '5', 'http://{{ front }}/health']
    - until: ['retcode == 0']
    - timeout: 30
    - require: [replication-healthy]

{#- One name at a time (core, then blog): move it, see the name servers answer it, see it served from the side it moved
    to. Each move names every public name, so a name not moved yet stays where the phase found it. #}
{%- for name in public_names %}
{%- set before = server ~ '-healthy' if loop.first else public_names[loop.index0 - 1] ~ '-served' %}

{{ name }}-moved:
  salt.state:
    - tgt: {{ dns_minion }}
    - sls: dns
    - pillar:
        dns:
          ttl: {{ low_ttl }}
          records: { {%- set moved = loop.index %}{%- for n in public_names %}{{ n }}: '{{ front if loop.index <= moved else other_front }}'{{ ', ' if not loop.last }}{%- endfor %} }
    - require: [{{ before }}]

{{ name }}-resolves:
  jsalt.wait:
    - tgt: {{ users_host }}
    - fun: dns.query
    - arg: [{{ name }}.{{ zone }}, A]
    - until: ['answer == {{ front }}']
    - timeout: 30
    - require: [{{ name }}-moved]

{{ name }}-served:
  jsalt.wait:
    - tgt: {{ users_host }}
    - fun: cmd.run
    - arg: [curl, -sf, --max-time, '5', 'http://{{ name }}.{{ zone }}/health']
    - until: ['retcode == 0', 'stdout == {{ server }} ok']
    - timeout: 30
    - require: [{{ name }}-resolves]
{%- endfor %}
{%- endif %}

{%- if phase == 'decommission' %}

# The old servers' mine data went with their keys, so 'exact' drops their host files and tincd is reloaded on the others.
vpn-without-old:
  salt.state:
    - tgt: '{{ members }}'
    - sls: vpn
    - require: [fleet-answers]

# mysql:phase decommission: the new primary stops following the old one and forgets it.
replication-stopped:
  salt.state:
    - tgt: {{ new_db }}
    - sls: mysql
    - pillar: {mysql: {phase: decommission}}
    - require: [vpn-without-old]

standalone:
  jsalt.wait:
    - tgt: {{ new_db }}
    - fun: mysql.replication_status
    - until: ['source == null']
    - timeout: 60
    - require: [replication-stopped]

# The move is final: the public names stay on the new side with the pillar's normal TTL again, and the old servers'
# own names go.
dns-final:
  salt.state:
    - tgt: {{ dns_minion }}
    - sls: dns
    - pillar:
        dns:
          records: { {%- for n in public_names %}{{ n }}: '{{ new_front }}'{{ ', ' if not loop.last }}{%- endfor %} }
          absent: {{ old_records | tojson }}
    - require: [fleet-answers]
{%- endif %}
