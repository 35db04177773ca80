#!/bin/sh
# Install the Debian packages that building and testing feedback need,
# skipping the package manager when everything is already there.
set -eu

PACKAGES="make gcc pkg-config postgresql-15 postgresql-server-dev-15
libjson-c-dev libcmocka-dev libipc-run-perl libdbd-pg-perl nginx curl"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
