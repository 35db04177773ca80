#!/bin/sh
# make demo: the quick start, end to end, in a private throw-away cluster.
# The extension must be installed (make install); pg_virtualenv creates the
# cluster, runs test/demo.sql against it and removes it again.
set -eu
cd "$(dirname "$0")/.."
exec pg_virtualenv -t -o "timezone=UTC" psql -X -v ON_ERROR_STOP=1 -f test/demo.sql
