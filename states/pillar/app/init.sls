# App pillar for the example fleet (see states/tree/app). `db_host` is the VPN address of the database an app server
# writes to: the old primary db1 (10.88.0.40) for the old app servers; app/new.sls gives the new ones db2 (10.88.0.41).
app:
  db_host: 10.88.0.40
  db_port: 3306
  db_name: shop
  db_user: shop
