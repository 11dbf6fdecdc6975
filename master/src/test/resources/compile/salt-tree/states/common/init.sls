include:
  - .users
  - .packages

{% set motd = salt['pillar.get']('common:motd', 'Managed by jsalt') %}
/etc/motd:
  file.managed:
    - contents: "{{ motd }} on {{ grains['id'] }}"
    - mode: '0644'
