{% set root = grains['demo_root'] %}
include:
  - hello

app-config:
  file.managed:
    - name: {{ root }}/etc/app.conf
    - contents: |
        listen = 0.0.0.0:8080
        workers = {{ grains['num_cpus'] * 2 }}
    - require:
      - file: hello-dir
