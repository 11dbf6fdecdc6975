#!/bin/sh
# PID 1 of a lab host. Started by the lab as:
#   ip netns exec jlab-LAB-HOST unshare --mount --uts --pid --fork --mount-proc --propagation private \
#     /bin/sh host-init.sh HOSTNAME READY_FILE [SOURCE TARGET]...
# so it already runs in the host's netns and in a fresh, private mount + uts + pid namespace.
# Binds each SOURCE over TARGET, marks the host ready, then stays as the zombie-reaping init that holds the
# namespaces: SIGKILL to it (from outside) ends every process of the host and releases its mounts.
# All values arrive as arguments; nothing here is built from strings.
set -eu
hostname "$1"
ready=$2
shift 2
while [ "$#" -ge 2 ]; do
  mount --bind "$1" "$2"
  shift 2
done
: > "$ready"
# comm "sysvinit", not "init": tools (Ansible) then use /etc/init.d instead of assuming systemd (lab-recipe.md).
exec /usr/bin/python3 -c '
import ctypes, os, signal
ctypes.CDLL(None).prctl(15, b"sysvinit", 0, 0, 0)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
while True:
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass
    signal.sigwait({signal.SIGCHLD})
'
