{#-
  The fleet's public names (docs/migration.md, "Cut-over"): one A record set per name in pillar `dns:records`
  (name relative to the zone: value or list of values), and no record for each name in `dns:absent`. Every change
  is verified against the zone's authoritative servers before the state says True. Applied to the one minion that
  holds the provider's credentials (role=dns in the pillar top file), by the migration runbook with per-step pillar
  overrides: lower the TTL ahead of time, move `core` then `blog`, move them back, remove the old servers' names.
-#}
{%- set dns = salt['pillar.get']('dns', {}) %}
{%- for name, values in dns.get('records', {}) | dictsort %}

dns-{{ name }}:
  dns.record_present:
    - name: {{ name | tojson }}
    - zone: {{ dns.zone | tojson }}
    - type: A
    - values: {{ values | tojson }}
    - ttl: {{ dns.get('ttl', 300) }}
    - provider: {{ dns.provider | tojson }}
{%- for key, value in dns.get('provider_args', {}) | dictsort %}
    - {{ key }}: {{ value | tojson }}
{%- endfor %}
    - verify: {{ dns.get('verify', True) | tojson }}
{%- if dns.get('verify_servers') %}
    - verify_servers: {{ dns.verify_servers | tojson }}
{%- endif %}
{%- endfor %}
{%- for name in dns.get('absent', []) %}

dns-{{ name }}-absent:
  dns.record_absent:
    - name: {{ name | tojson }}
    - zone: {{ dns.zone | tojson }}
    - type: A
    - provider: {{ dns.provider | tojson }}
{%- for key, value in dns.get('provider_args', {}) | dictsort %}
    - {{ key }}: {{ value | tojson }}
{%- endfor %}
    - verify: {{ dns.get('verify', True) | tojson }}
{%- if dns.get('verify_servers') %}
    - verify_servers: {{ dns.verify_servers | tojson }}
{%- endif %}
{%- endfor %}
