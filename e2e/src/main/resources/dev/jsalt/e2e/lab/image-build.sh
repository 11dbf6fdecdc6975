#!/bin/sh
# Builds the base root file system of the lab's booted hosts (boot: systemd). Started by the lab as:
#   /bin/sh image-build.sh ROOT MIRROR
# ROOT is a fresh directory the lab renames into the image cache once this script succeeded; MIRROR is the Debian
# mirror this machine's own apt sources name. The lab keys its cache by a checksum of this very file, so any change
# to the recipe below (suite, packages, settings) builds a new image.
#
# What the image holds: Debian 12 (bookworm, minbase) with systemd as init, a Java 17 runtime for the jsalt
# packages, the tools the lab tests drive (ufw and conntrack, tinc, cron, sudo, ssh, locales, tzdata), and a local apt repository
# (/var/lib/jsalt-lab/repo) with packages that states may install later. apt's sources point only at that
# repository: a booted host is offline (the lab network has no uplink) and apt-get update/install still work.
set -eu
root=$1
mirror=$2
suite=bookworm

# In the image (dependencies of the jsalt packages, systemd as PID 1, what the lab tests use).
include=systemd,systemd-sysv,dbus,openjdk-17-jre-headless,iproute2,procps,apt-utils,ca-certificates
include=$include,ufw,conntrack,iptables,tinc,cron,sudo,openssh-server,locales,tzdata,less,python3-minimal
# Not installed, downloaded into the image's local repository for states to install offline (with what they
# depend on and recommend): hello and sl for the lab's own tests, the rest for the corpus formulas that install them
# (fail2ban, logrotate, ntp, postfix: CorpusApplyLabTest).
repo_pkgs="hello sl fail2ban logrotate ntp postfix"

export DEBIAN_FRONTEND=noninteractive LC_ALL=C
debootstrap --variant=minbase --include="$include" "$suite" "$root" "$mirror"

# Runs a command inside the new root (plain chroot: nothing is booted while the image is built).
inroot() {
  chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive "$@"
}

# Packages for the local repository: downloaded through the mirror now, while the machine has a network
# (debootstrap leaves the base system's .debs in apt's cache: dropped first, they are installed already).
inroot apt-get clean
inroot apt-get update -q
# shellcheck disable=SC2086
inroot apt-get install -y -q --download-only $repo_pkgs
mkdir -p "$root/var/lib/jsalt-lab/repo"
mv "$root"/var/cache/apt/archives/*.deb "$root/var/lib/jsalt-lab/repo/"
inroot sh -c 'cd /var/lib/jsalt-lab/repo && apt-ftparchive packages . > Packages'
rm -rf "$root"/var/lib/apt/lists/*
: > "$root/etc/apt/sources.list"
rm -f "$root"/etc/apt/sources.list.d/*
echo 'deb [trusted=yes] file:/var/lib/jsalt-lab/repo ./' > "$root/etc/apt/sources.list.d/jsalt-lab.list"
inroot apt-get update -q

# No timer may start apt or dpkg behind a test's back (it would hold the dpkg lock).
for t in apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer; do
  ln -sf /dev/null "$root/etc/systemd/system/$t"
done
# The lab's network is configured from outside (the host's netns); nothing in the image may reconfigure it.
for u in systemd-networkd.service systemd-resolved.service systemd-timesyncd.service getty@tty1.service; do
  ln -sf /dev/null "$root/etc/systemd/system/$u"
done
# Journal in memory only: it vanishes with the host and costs no disk in the overlay.
mkdir -p "$root/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=16M\n' > "$root/etc/systemd/journald.conf.d/jsalt-lab.conf"
# A locale the tests can switch to (locales is installed; generating one takes a while, so it is done here).
sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' "$root/etc/locale.gen"
inroot locale-gen
# Each host gets its own hostname and /etc/hosts from the lab; the image's are placeholders.
echo jsalt-lab-image > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
# systemd creates a fresh machine id at first boot of each host (empty file = "uninitialized").
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
# openssh-server made its host keys here, once: every lab host shares them (they never leave the lab network).
inroot apt-get clean
rm -rf "$root/var/cache/apt/"*.bin "$root/var/log/"*.log "$root/tmp/"* 2>/dev/null || true
echo "image-build: done"
