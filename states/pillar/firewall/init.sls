# Firewall pillar for the example fleet (see states/tree/firewall). `hosts` lists every server with its role,
# public address (for the tinc port) and VPN address (for service ports); addresses match the lab's subnets.
firewall:
  public_interface: eth1
  vpn_interface: tun0
  ssh_port: 22
  vpn_port: 655
  master:
    id: salt1
    port: 4506
  hosts:
    salt1: {role: master, public: 10.77.0.2, vpn: 10.88.0.2}
    app1: {role: app, public: 10.77.0.10, vpn: 10.88.0.10}
    app2: {role: app, public: 10.77.0.11, vpn: 10.88.0.11}
    cache1: {role: cache, public: 10.77.0.20, vpn: 10.88.0.20}
    core1: {role: core, public: 10.77.0.30, vpn: 10.88.0.30}
    db1: {role: db, public: 10.77.0.40, vpn: 10.88.0.40}
    db2: {role: db, public: 10.77.0.41, vpn: 10.88.0.41}
    db3: {role: db, public: 10.77.0.42, vpn: 10.88.0.42}
  services:
    db: {port: 3306, proto: tcp, from_roles: [app, db], comment: mysql}
    cache: {port: 6379, proto: tcp, from_roles: [app], comment: redis}
    core: {port: 8080, proto: tcp, from_roles: [app], comment: core}
