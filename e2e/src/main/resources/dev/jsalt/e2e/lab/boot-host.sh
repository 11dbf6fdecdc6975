#!/bin/sh
# Boots a lab host with systemd as PID 1. Started by the lab as:
#   setsid /bin/sh boot-host.sh CGROUP systemd-nspawn ARGS...
# Joins the cgroup CGROUP (jlab-LAB-HOST) first: systemd-nspawn with --keep-unit and without a systemd on this
# machine puts the container's payload/ and supervisor/ cgroups beside the cgroup it starts in, so starting from the
# root cgroup would litter the machine's cgroup roots. On the hybrid layout (cgroup v1 with a named systemd hierarchy
# and a unified one) both hierarchies get the cgroup; on a pure cgroup v2 machine the one tree does. The lab removes
# the cgroup when it tears the host down. All values arrive as arguments; nothing here is built from strings.
set -eu
cg=$1
shift
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  mkdir -p "/sys/fs/cgroup/$cg"
  echo $$ > "/sys/fs/cgroup/$cg/cgroup.procs"
else
  for h in unified systemd; do
    [ -d "/sys/fs/cgroup/$h" ] || continue
    mkdir -p "/sys/fs/cgroup/$h/$cg"
    echo $$ > "/sys/fs/cgroup/$h/$cg/cgroup.procs"
  done
fi
exec "$@"
