# Pillar for the example fleet: firewall and VPN settings describe the whole fleet (every host needs its peers'
# addresses); MySQL settings (replication password included, sealed per minion) only reach database servers; the
# database endpoint only reaches app servers (the new ones get the new primary); the DNS provider's token only reaches
# the minion that changes DNS records.
base:
  '*':
    - firewall
    - vpn
  'role=db':
    - mysql
  'role=app':
    - app
  'app2':
    - app.new
  'role=dns':
    - dns
