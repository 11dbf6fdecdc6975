{% set root = grains['demo_root'] %}
hello-dir:
  file.directory:
    - name: {{ root }}/etc
    - mode: '0755'
    - makedirs: True

motd:
  file.managed:
    - name: {{ root }}/etc/motd
    - contents: |
        Welcome to {{ grains['id'] }} ({{ grains['role'] }} server, {{ grains['os'] }} {{ grains['osrelease'] }}).
        Managed by jsalt: local changes will be overwritten.
    - mode: '0644'
    - require:
      - file: hello-dir

stamp:
  cmd.run:
    - name: touch {{ root }}/etc/first-boot
    - creates: {{ root }}/etc/first-boot
    - require:
      - file: motd
