#!/bin/sh
# The lab's "apt-get install jsalt-minion" for a booted cloud host (a droplet the DigitalOcean stand-in boots): a profile
# says `install: /opt/jsalt-lab/bin/install-jsalt-minion` and cloud-init's runcmd runs this as root on first boot.
# Like the package it installs the jsalt command and the jsalt-minion unit and starts nothing: the user-data's next
# step, `systemctl enable --now jsalt-minion`, does. jsalt runs from the lab's exported class path (bound read-only at
# /opt/jsalt-lab/cp) with the JVM options in /opt/jsalt-lab/jsalt.args, both put there by the lab's booter.
set -eu
test -r /opt/jsalt-lab/jsalt.args

cat > /usr/bin/jsalt <<'LAUNCHER'
#!/bin/sh
exec /usr/bin/java @/opt/jsalt-lab/jsalt.args dev.jsalt.cli.Main "$@"
LAUNCHER
chmod 755 /usr/bin/jsalt

# What starting and restarting the minion needs from the packaged unit (packaging/src/deb/files/systemd/jsalt-minion.service);
# its limits and hardening are the packaging tests' business (BootedPackagesIT), not this lab's.
cat > /etc/systemd/system/jsalt-minion.service <<'UNIT'
[Unit]
Description=jsalt minion (installed by the lab's cloud booter)
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStart=/usr/bin/jsalt minion -c /etc/jsalt
Restart=always
RestartSec=2s
RestartPreventExitStatus=2 3
SuccessExitStatus=143
KillMode=process
User=root
UMask=0022

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
