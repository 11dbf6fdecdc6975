mysql-server:
  pkg:
    - installed
    - order: 1

mysql_root_password:
  cmd.run:
    - name: /usr/local/sbin/set-mysql-root-password
    - env:
        MYSQL_PWD: {{ pillar['mysql']['root_password'] }}
    - onchanges:
      - pkg: mysql-server

report_failure:
  cmd.run:
    - name: logger "mysql setup failed"
    - onfail:
      - cmd: mysql_root_password
