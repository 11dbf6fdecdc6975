# MySQL/MariaDB pillar for the example fleet (see states/tree/mysql). Switch `phase` to move through the migration:
# none -> replica (db2 is seeded from and follows db1; db3 from db2) -> multi-source (db1 and db2 follow each other)
# -> decommission (db2 stops following db1; db3 keeps following db2).
# Addresses are the VPN ones from the firewall pillar: replication only ever crosses tun0.
mysql:
  phase: replica
  databases: [shop]
  repl_user: repl
  repl_host: '10.88.0.%'
  # sealed per minion by the master; never stored or sent in clear
  repl_password: !secret 'change-me: a long random string'
  # application accounts, on every database server (from the VPN: the apps reach the databases over tun0 only)
  users:
    shop:
      host: '10.88.0.%'
      password: !secret 'change-me: the application password'
      grants: [SELECT, INSERT, UPDATE, DELETE]
      database: 'shop.*'
  hosts:
    db1: {server_id: 1, vpn: 10.88.0.40, peer: db2}
    db2: {server_id: 2, vpn: 10.88.0.41, source: db1, peer: db1}
    # the new fleet's second server: a replica of the new primary, seeded from it once db2 holds the data
    db3: {server_id: 3, vpn: 10.88.0.42, source: db2}
