{#-
  One database server: package, replication-ready settings (server_id, binlog, GTID domain, auto-increment
  interleaving for master<->master), the service (restarted when the settings change), the application databases
  and accounts (pillar `mysql:users`), and the replication account. Accounts are kept out of the binlog
  (binlog: False) so each server of a pair owns its own copy: a new server gets them from the formula, not from the
  old one (the seed copies application databases only), and nothing about them is replicated twice.
-#}
{%- from 'mysql/map.jinja' import mysql with context %}
{%- set me = mysql.hosts.get(grains['id'], {}) %}
{%- set n = me.get('server_id', 1) %}

{%- if mysql.install %}
mysql-server-pkg:
  pkg.installed:
    - name: {{ mysql.package }}
    - require_in:
      - mysql: mysql-server-config
{%- endif %}

mysql-server-config:
  mysql.server_config:
    - path: {{ mysql.config_path }}
    - server_id: {{ n }}
    - gtid_domain_id: {{ n }}
    - log_bin: mysql-bin
    - binlog_format: {{ mysql.binlog_format }}
    - relay_log: relay-bin
    - log_slave_updates: True
    - auto_increment_increment: {{ mysql.hosts | length if mysql.hosts | length > 1 else 1 }}
    - auto_increment_offset: {{ me.get('offset', n) }}
    - bind_address: {{ mysql.bind_address }}
    - skip_name_resolve: True
{%- if mysql.options %}
    - options: {{ mysql.options | tojson }}
{%- endif %}

mysql-server-service:
  service.running:
    - name: {{ mysql.service }}
    - enable: True
    - watch:
      - mysql: mysql-server-config

{%- for db in mysql.databases %}
mysql-database-{{ db }}:
  mysql.database:
    - name: {{ db }}
    - require:
      - service: mysql-server-service
{%- endfor %}

mysql-repl-user:
  mysql.user:
    - name: {{ mysql.repl_user }}
    - host: '{{ mysql.repl_host }}'
    - password: {{ mysql.repl_password | tojson }}
    - binlog: False
    - require:
      - service: mysql-server-service

mysql-repl-grants:
  mysql.grants:
    - name: {{ mysql.repl_user }}
    - host: '{{ mysql.repl_host }}'
    {#- REPLICATION SLAVE streams the binlog; the read privileges let the same account seed an empty replica #}
    - grant: {{ mysql.repl_grants | tojson }}
    - database: '*.*'
    - binlog: False
    - require:
      - mysql: mysql-repl-user

{%- for name, u in mysql.users | dictsort %}

mysql-user-{{ name }}:
  mysql.user:
    - name: {{ name }}
    - host: '{{ u.get('host', mysql.repl_host) }}'
    - password: {{ u.password | tojson }}
    - binlog: False
    - require:
      - service: mysql-server-service

mysql-grants-{{ name }}:
  mysql.grants:
    - name: {{ name }}
    - host: '{{ u.get('host', mysql.repl_host) }}'
    - grant: {{ u.get('grants', ['ALL PRIVILEGES']) | tojson }}
    - database: '{{ u.get('database', '*.*') }}'
    - binlog: False
    - require:
      - mysql: mysql-user-{{ name }}
{%- for db in mysql.databases %}
      - mysql: mysql-database-{{ db }}
{%- endfor %}
{%- endfor %}
