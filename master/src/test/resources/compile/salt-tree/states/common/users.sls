{% for user, info in salt['pillar.get']('users', {}).items() %}
user_{{ user }}:
  user.present:
    - name: {{ user }}
    - shell: {{ info.get('shell', '/bin/bash') }}
{%- if info.groups is defined %}
    - groups: {{ info.groups | json }}
{%- endif %}
{% endfor %}
