#!/bin/sh
# The compare image's entrypoint. Started as root (docker-compose.yml), it makes ./reports (mounted
# at REPORTS_DIR) belong to the user the report is for, then runs the command as that user, never
# as root: HOST_UID:HOST_GID if set, else the owner of ./reports if it is not root, else the owner
# of the checkout's .git (mounted), else the image's user, 10001. Started as anyone else, it just
# runs the command.
set -eu

if [ "$(id -u)" != 0 ]; then
    exec "$@"
fi

reports=${REPORTS_DIR:-/app/reports}
mkdir -p "$reports"
owner=$(stat -c %u:%g "$reports")
if [ -n "${HOST_UID:-}" ]; then
    owner="$HOST_UID:${HOST_GID:-$HOST_UID}"
elif [ "${owner%%:*}" = 0 ]; then
    # A folder the engine made for the mount (it does so as root): the checkout's owner gets it.
    checkout=$(cd "$(dirname "$0")/.." && pwd)
    owner=$(stat -c %u:%g "$checkout/.git" 2>/dev/null || echo 0:0)
fi
if [ "${owner%%:*}" = 0 ]; then
    owner=10001:10001
fi
if [ "$(stat -c %u "$reports")" = 0 ]; then
    chown "$owner" "$reports"
fi
exec setpriv --reuid "${owner%%:*}" --regid "${owner#*:}" --clear-groups --inh-caps=-all -- "$@"
