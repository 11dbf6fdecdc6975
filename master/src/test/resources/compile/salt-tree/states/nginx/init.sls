{% from "nginx/map.jinja" import nginx with context %}
include:
  - nginx.config

nginx:
  pkg.installed:
    - name: {{ nginx.package }}
  service.running:
    - name: {{ nginx.service }}
    - enable: True
    - watch:
      - file: nginx_config
    - require:
      - pkg: nginx
