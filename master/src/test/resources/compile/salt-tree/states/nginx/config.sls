{% from "nginx/map.jinja" import nginx with context %}
nginx_config:
  file.managed:
    - name: {{ nginx.conf }}
    - source: salt://nginx/files/nginx.conf
    - template: jinja
    - defaults:
        worker_processes: auto
    - mode: 0644
    - user: {{ nginx.user }}
    - require:
      - pkg: nginx
    - watch_in:
      - service: nginx
