{#- A database server of the fleet: its settings, accounts and its part in replication (see replication.sls). -#}
include:
  - mysql.server
  - mysql.replication
