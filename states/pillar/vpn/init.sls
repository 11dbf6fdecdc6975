# VPN pillar for the example fleet (see states/tree/vpn). Addresses match the firewall pillar: VPN 10.88.0.x on tun0,
# public 10.77.0.x on eth1 (read from the eth1 grain unless listed under public_addresses). A minion not listed
# under addresses gets 10.88.0.<last octet of its public address>.
vpn:
  netname: vpn
  interface: tun0
  mode: router
  port: 655
  address_family: ipv4
  prefix: 24
  network: 10.88.0
  public_interface: eth1
  # who is on the mesh: the mine's tinc.host data of these minions
  members: 'role=vpn or role=db or role=app or role=cache or role=core'
  exact: True
  addresses:
    salt1: 10.88.0.2
    app1: 10.88.0.10
    app2: 10.88.0.11
    cache1: 10.88.0.20
    core1: 10.88.0.30
    db1: 10.88.0.40
    db2: 10.88.0.41
    db3: 10.88.0.42
