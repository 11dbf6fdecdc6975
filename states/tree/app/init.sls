{#-
  An application server's view of the fleet: which database it writes to. The endpoint comes from pillar
  (`app:db_host`, the primary's VPN address), so the migration's cut-over is one pillar change applied to role=app,
  and the revert is the same change undone (docs/migration.md). When the file changes, `reload_cmd` (if set) tells
  the application to reconnect; without one the application re-reads the file itself.
-#}
{%- from 'app/map.jinja' import app with context %}

app-database-config:
  file.managed:
    - name: {{ app.config_path }}
    - makedirs: true
    - mode: '0640'
    - contents: |
        # Managed by jsalt (states/tree/app) from pillar app:db_host. Do not edit: the next run puts it back.
        host={{ app.db_host }}
        port={{ app.db_port }}
        database={{ app.db_name }}
        user={{ app.db_user }}

{%- if app.reload_cmd %}

app-reload:
  cmd.run:
    - name: {{ app.reload_cmd | tojson }}
    - onchanges:
      - file: app-database-config
{%- endif %}
