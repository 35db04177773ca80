#!/bin/sh
# Run the pg_regress suites (sql/, expected/) against a throw-away cluster.
# pg_virtualenv creates the cluster, runs `make installcheck` against it and
# drops it again; on failure the differences are printed.
set -eu
cd "$(dirname "$0")/.."

if pg_virtualenv -t -o "timezone=UTC" make -s installcheck; then
	exit 0
fi
[ -f regression.diffs ] && cat regression.diffs
exit 1
