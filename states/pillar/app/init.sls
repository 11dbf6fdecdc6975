# App pillar for the example fleet (see states/tree/app). `db_host` is the primary database's VPN address:
# db1 (10.88.0.40) before the cut-over, db2 (10.88.0.41) after it (docs/migration.md, phase "cutover").
app:
  db_host: 10.88.0.40
  db_port: 3306
  db_name: shop
  db_user: shop
