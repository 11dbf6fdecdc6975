{#-
  Firewall for every role: the public interface admits SSH from anywhere and the VPN (tinc) port from fleet members
  only (those in the pillar's `hosts`, and those the mine shows on the VPN); each service port is open on the VPN interface to the roles that use it (db: 3306 from app and db hosts,
  cache: 6379 from app, core: its port from app). Everything else inbound is denied, and with `exact` any rule this
  formula does not declare is removed. Settings: map.jinja, overridden by the `firewall` pillar.
-#}
{%- from 'firewall/map.jinja' import firewall with context %}
{%- set me = grains['id'] %}
{%- set role = salt['grains.get'](firewall.role_grain, '') %}

{%- if firewall.install %}
# conntrack: ufw.enabled enters the connections open at the first enable into connection tracking, so their replies
# are not dropped as new ones (docs/states/ufw.md)
ufw:
  pkg.installed:
    - pkgs: [ufw, conntrack]
    - require_in:
      - ufw: firewall-ssh-public
{%- endif %}

# SSH stays reachable on the public side, before anything else is locked down.
firewall-ssh-public:
  ufw.rule:
    - action: {{ 'limit' if firewall.ssh_limit else 'allow' }}
    - interface: {{ firewall.public_interface }}
    - port: {{ firewall.ssh_port }}
    - proto: tcp
    - comment: ssh
    - require_in:
      - ufw: firewall-defaults

{#- The tinc mesh runs over the public network: peers must reach each other's VPN port (tcp and udp). #}
{%- if firewall.vpn_port %}
{%- for host, h in firewall.hosts|dictsort %}
{%- if host != me and h.public is defined %}

firewall-vpn-from-{{ host }}:
  ufw.rule:
    - interface: {{ firewall.public_interface }}
    - from: "{{ h.public }}"
    - port: {{ firewall.vpn_port }}
    - comment: tinc from {{ host }}
    - require_in:
      - ufw: firewall-defaults
{%- endif %}
{%- endfor %}
{%- endif %}

{#- Members the pillar does not list (a droplet created with `jsalt cloud` joins with no pillar edit): the VPN port is
    opened to the address each publishes in the mine (`tinc.host`), once it has. The reactor re-applies this formula to
    the members when one joins, changes or leaves (docs/reactor.md), and `exact` drops a departed member's rule. #}
{%- if firewall.vpn_port and firewall.vpn_members %}
{%- for host, info in mine(firewall.vpn_members, 'tinc.host')|dictsort %}
{%- if host != me and host not in firewall.hosts and info.get('address') %}

firewall-vpn-from-{{ host }}:
  ufw.rule:
    - interface: {{ firewall.public_interface }}
    - from: "{{ info.address }}"
    - port: {{ firewall.vpn_port }}
    - comment: tinc from {{ host }}
    - require_in:
      - ufw: firewall-defaults
{%- endif %}
{%- endfor %}
{%- endif %}

{#- The master listens for its minions on the public side. #}
{%- if firewall.master.id == me %}
{%- for host, h in firewall.hosts|dictsort %}
{%- if host != me and h.public is defined %}

firewall-master-from-{{ host }}:
  ufw.rule:
    - interface: {{ firewall.public_interface }}
    - from: "{{ h.public }}"
    - port: {{ firewall.master.port }}
    - proto: tcp
    - comment: jsalt minion {{ host }}
    - require_in:
      - ufw: firewall-defaults
{%- endif %}
{%- endfor %}
{%- endif %}

{#- Service ports of this host's role, on the VPN interface, from the VPN addresses of the roles that use them. #}
{%- set service = firewall.services.get(role) %}
{%- if service %}
{%- for host, h in firewall.hosts|dictsort %}
{%- if host != me and h.role in service.from_roles and h.vpn is defined %}

firewall-{{ role }}-from-{{ host }}:
  ufw.rule:
    - interface: {{ firewall.vpn_interface }}
    - from: "{{ h.vpn }}"
    - port: {{ service.port }}
    - proto: {{ service.proto }}
    - comment: {{ service.comment }} from {{ host }}
    - require_in:
      - ufw: firewall-defaults
{%- endif %}
{%- endfor %}
{%- endif %}

{#- Anything else the pillar adds: `extra_rules: {ID: {ufw.rule args}}`. #}
{%- for id, args in firewall.extra_rules|dictsort %}

firewall-extra-{{ id }}:
  ufw.rule:
{%- for key, value in args|dictsort %}
    - {{ key }}: {{ value|tojson }}
{%- endfor %}
    - require_in:
      - ufw: firewall-defaults
{%- endfor %}

firewall-logging:
  ufw.logging:
    - level: {{ firewall.logging }}

# Policies flip only after every rule above is in place.
firewall-defaults:
  ufw.default:
    - incoming: deny
    - outgoing: allow
    - routed: deny
    - ssh_port: {{ firewall.ssh_port }}

firewall-enabled:
  ufw.enabled:
    - exact: {{ firewall.exact }}
    - ssh_port: {{ firewall.ssh_port }}
    - require:
      - ufw: firewall-defaults
      - ufw: firewall-logging
