#!/bin/sh
# Installs what the lab's tests need when it is missing (Debian/Ubuntu, as root). Safe to run again.
# Called by the project's test command before 'mvn test' so CI on a fresh machine runs the lab tests.
#   ip/unshare/nsenter: iproute2, util-linux (always on Debian); python3: the hosts' init;
#   ufw, tinc, mariadb-server, iptables: the daemons the state modules drive; conntrack: what ufw.enabled uses to keep
#   connections open across ufw's first enable; socat: test listeners;
#   bind9 (named): the real name server the cloud module's RFC 2136 tests update (started by the test on a loopback
#   port with a temporary config; the package's own service is kept from starting by the policy-rc.d guard below) and
#   the migration story's name server ns1; bind9-dnsutils (dig), curl: the story's users and their checks;
#   dpkg-dev (dpkg-scanpackages): the flat apt repository pkgrepo's tests build; cron (crontab): the cron states';
#   python3-jinja2: the reference Jinja2 the jinja module's differential tests compare against;
#   python3-yaml (with libyaml, as Salt dumps YAML): the reference for the differential test of Salt's filters;
#   chromium, chromium-driver (chromedriver): the headless browser the dashboard's Selenium test drives (docs/dashboard.md);
#   systemd-nspawn (systemd-container), debootstrap: booted lab hosts (boot: systemd). Installed without recommends:
#   systemd-container recommends libnss-mymachines, which would add "mymachines" to this machine's nsswitch.conf.
#   The booted hosts' base image itself is built by the first test that needs one (docs/lab.md: ~3.5 min, ~460 MB,
#   cached in /var/cache/jsalt-lab); nothing here starts, stops or reconfigures a service of this machine.
set -eu
[ "$(id -u)" = 0 ] || { echo "lab-deps: not root; lab tests will be skipped" >&2; exit 0; }
command -v apt-get >/dev/null || { echo "lab-deps: no apt-get; install ufw conntrack cron tinc mariadb-server iptables socat bind9 bind9-dnsutils curl dpkg-dev chromium chromium-driver python3 python3-jinja2 python3-yaml systemd-container debootstrap yourself" >&2; exit 0; }
missing=""
for pair in mvn:maven ufw:ufw tincd:tinc mariadbd:mariadb-server iptables:iptables socat:socat python3:python3 ip:iproute2 nsenter:util-linux dig:bind9-dnsutils curl:curl dpkg-scanpackages:dpkg-dev \
            systemd-nspawn:systemd-container debootstrap:debootstrap named:bind9 chromium:chromium chromedriver:chromium-driver \
            conntrack:conntrack crontab:cron; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 || missing="$missing $pkg"
done
[ -x /usr/bin/python3 ] || missing="$missing python3"
/usr/bin/python3 -c "import jinja2" >/dev/null 2>&1 || missing="$missing python3-jinja2"
/usr/bin/python3 -c "import yaml; yaml.CSafeDumper" >/dev/null 2>&1 || missing="$missing python3-yaml"
if [ -n "$missing" ]; then
  echo "lab-deps: installing$missing"
  # Package scripts must not start mariadb (or anything) on this machine itself: the lab starts its own, in namespaces.
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; guard=1
  fi
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing || { [ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d; exit 1; }
  [ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d
fi
exit 0
