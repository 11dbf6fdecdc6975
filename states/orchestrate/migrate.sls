{#-
  The zero-downtime move of the example fleet (docs/migration.md tells it step by step): old servers app1 and db1,
  new servers app2, db2 (the new primary) and db3 (its replica). One runbook, run once per phase; each phase begins
  by checking what the one before left:

    jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: prepare}'      # inventory, firewall, VPN, db settings
    jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: replicate}'    # db1 -> db2 -> db3
    jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: multi-source}' # db1 <-> db2
    jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: cutover}'      # apps write to db2
    # (revert: phase revert points the apps back at db1; forward again with phase cutover)
    jsalt orchestrate states/orchestrate/migrate.sls --pillar '{phase: decommission}'  # after stopping app1's and db1's minions

  Add --test to see what a phase would change. Each phase sets what it changes (mysql:phase, app:db_host) as a
  per-step pillar override (Salt's `pillar:` on salt.state), so no pillar edit is needed to move forward. Commit the
  same values to the pillar tree afterwards (states/pillar/mysql, states/pillar/app): a later plain highstate
  compiles from the tree and would otherwise put the old values back. Settings below can be overridden with --pillar.
-#}
{%- set phase = pillar.get('phase', 'prepare') %}
{%- set old_db = pillar.get('old_db', 'db1') %}
{%- set new_db = pillar.get('new_db', 'db2') %}
{#- the new fleet's other database servers: replicas of the new primary, seeded from it once it holds the data #}
{%- set new_replicas = pillar.get('new_replicas', 'db3') %}
{%- set old_db_vpn = pillar.get('old_db_vpn', '10.88.0.40') %}
{%- set new_db_vpn = pillar.get('new_db_vpn', '10.88.0.41') %}
{%- set app_config = pillar.get('app_config', '/etc/app/database.conf') %}
{%- set members = pillar.get('members', 'role=app or role=cache or role=core or role=db or role=vpn') %}
{%- set max_lag = pillar.get('max_lag', 5) %}
{%- set probe_from = pillar.get('probe_from', 'app1') %}
{%- set probe_public = pillar.get('probe_public', '10.77.0.40') %}
{%- set old_servers = pillar.get('old_servers', 'L@app1,db1') %}

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

# Public interfaces: SSH only (plus the VPN port between members); service ports only on tun0.
firewall:
  salt.state:
    - tgt: '*'
    - sls: firewall
    - require: [inventory]

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

# The mesh needs two passes: keys are made and published (mine) in the first, every host file written in the second.
vpn-keys:
  salt.state:
    - tgt: '{{ members }}'
    - sls: vpn
    - require: [firewall]

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
# database server. On the old primary this is the migration's one restart (the settings change): run prepare in a
# quiet moment. Every later phase finds these settings converged and restarts nothing.
mysql-settings:
  salt.state:
    - tgt: role=db
    - sls: mysql.server
    - timeout: 600
    - require: [vpn-up]
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
{%- set want = new_db_vpn if phase == 'cutover' else old_db_vpn %}

# Both directions must be healthy before the apps move: writes land on either server and reach the other.
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

# app:db_host is the new (cutover) or old (revert) primary; this applies it to every app server.
app-endpoint:
  salt.state:
    - tgt: role=app
    - sls: app
    - pillar: {app: {db_host: '{{ want }}'}}
    - require: [replication-healthy]

app-points-at-{{ phase }}:
  jsalt.wait:
    - tgt: role=app
    - fun: cmd.run
    - arg: [grep, -qx, 'host={{ want }}', {{ app_config }}]
    - until: ['retcode == 0']
    - timeout: 30
    - require: [app-endpoint]
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
{%- endif %}
