# The new app servers write to the new primary (db2); the old ones keep writing to the old one (app/init.sls). With
# master<->master replication both databases hold every row, so either side can take the users' traffic: the
# cut-over is a DNS change (states/tree/dns), and moving back is the same change undone.
app:
  db_host: 10.88.0.41
