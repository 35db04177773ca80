#!/bin/sh
# Install the Debian packages that building and testing feedback need,
# skipping the package manager when everything is already there.
set -eu

PACKAGES="make gcc pkg-config postgresql-15 postgresql-server-dev-15
libjson-c-dev libcmocka-dev libipc-run-perl libdbd-pg-perl nginx curl
clang-14 libclang-rt-14-dev"

# Packages of slow targets kept out of `make test`, added when the target
# names its group (test/deps.sh valgrind): `make valgrind` needs valgrind,
# and libc6-dbg, which Debian's valgrind recommends (glibc's symbols, for
# its start-up redirections and readable glibc frames).
VALGRIND_PACKAGES="valgrind libc6-dbg"
for group in "$@"; do
	case $group in
	valgrind) PACKAGES="$PACKAGES $VALGRIND_PACKAGES" ;;
	*) echo "deps.sh: unknown package group: $group" >&2; exit 2 ;;
	esac
done

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
