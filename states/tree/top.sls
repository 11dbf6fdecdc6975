# The example fleet's highstate: every server gets the firewall; every fleet member joins the VPN; database servers
# get MySQL (its replication phase comes from pillar mysql:phase); app servers get their database endpoint.
base:
  '*':
    - firewall
  'role=app or role=cache or role=core or role=db or role=vpn':
    - vpn
  'role=db':
    - mysql
  'role=app':
    - app
