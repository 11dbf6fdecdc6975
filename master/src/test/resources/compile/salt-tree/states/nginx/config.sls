{% from "nginx/map.jinja" import nginx with context %}
nginx_config:
  file.managed:
    - name: {{ nginx.conf }}
    - source: salt://nginx/files/nginx.conf
    - template: jinja
    - user: {{ nginx.user }}
    - require:
      - pkg: nginx
    - watch_in:
      - service: nginx
