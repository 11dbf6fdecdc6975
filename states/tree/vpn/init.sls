{#-
  Every server on one tinc mesh (tinc 1.0). Each host makes its own key pair; only the public half leaves it, through
  the mine (`tinc.host`: {node, address, subnet, port, public_key}). Every member then gets a host file for every other
  member that has published a key, and dials all of them (a true mesh). When a member leaves (its key is deleted, so
  its mine data goes), `exact` removes its host file and tincd is reloaded: the others drop it.

  The first run on a new host only has its own entry; its mine data is published after the run, and the reactor
  re-applies `vpn` to the members, which brings everybody in.

  This host's VPN address: pillar `vpn:addresses:<minion id>`, else derived from its public address (last octet on
  `vpn:network`, e.g. 10.77.0.40 -> 10.88.0.40). Settings: map.jinja, overridden by the `vpn` pillar.
-#}
{%- from 'vpn/map.jinja' import vpn with context %}
{%- set me = grains['id'] %}
{%- set node = me | regex_replace('[^A-Za-z0-9_]', '_') %}
{#- `[] | first` is undefined, and Salt's StrictUndefined refuses to test it: take the first address only if there is one #}
{%- set ips = salt['grains.get']('ip4_interfaces:' ~ vpn.public_interface, []) %}
{%- set public = vpn.public_addresses.get(me) or (ips[0] if ips else none) %}
{%- if not public %}
{{ raise('vpn: no public address for ' ~ me ~ ': it has no IPv4 address on ' ~ vpn.public_interface ~ '; set pillar vpn:public_addresses:' ~ me) }}
{%- endif %}
{%- set address = vpn.addresses.get(me) or (vpn.network ~ '.' ~ (public.split('.') | last)) %}

{#- Members: what the mine holds for the fleet, minus this host (its own entry is built from local facts, and its key
    is always the one on its disk) and minus anyone who has not published a key yet. #}
{%- set members = {} %}
{%- do members.update({node: {'address': public, 'subnet': address ~ '/32', 'port': vpn.port}}) %}
{%- set peers = [] %}
{%- for id, info in mine(vpn.members, 'tinc.host') | dictsort %}
{%- if id != me and info.get('public_key') and info.get('node') %}
{%- do members.update({info.node: info}) %}
{%- do peers.append(info.node) %}
{%- endif %}
{%- endfor %}

{%- if vpn.install %}
vpn-package:
  pkg.installed:
    - name: {{ vpn.package }}
    - require_in:
      - tinc: vpn-network
{%- endif %}

vpn-network:
  tinc.network:
    - netname: {{ vpn.netname }}
    - node: {{ node }}
    - interface: {{ vpn.interface }}
    - mode: {{ vpn.mode }}
    - port: {{ vpn.port }}
    - address_family: {{ vpn.address_family }}
    - connect_to: {{ peers | tojson }}

vpn-keys:
  tinc.keys:
    - netname: {{ vpn.netname }}
    - node: {{ node }}
    - require:
      - tinc: vpn-network

vpn-up:
  tinc.up:
    - netname: {{ vpn.netname }}
    - address: {{ address ~ '/' ~ vpn.prefix }}
    - routes: {{ vpn.routes | tojson }}
    - require:
      - tinc: vpn-network

vpn-hosts:
  tinc.host:
    - netname: {{ vpn.netname }}
    - node: {{ node }}
    {#- An empty mine (a master that lost it, a mistyped target) must not tear the whole mesh down: exact only
        applies while the mine shows at least one other member. #}
    - exact: {{ vpn.exact and peers | length > 0 }}
    - hosts: {{ members | tojson }}
    - require:
      - tinc: vpn-keys

{#- A SIGHUP for new or departed members and ConnectTo changes; a restart when the interface, port, mode, this host's
    subnet or tinc-up changed (the module tells them apart). #}
vpn-running:
  tinc.running:
    - netname: {{ vpn.netname }}
    - watch:
      - tinc: vpn-network
      - tinc: vpn-up
      - tinc: vpn-hosts
