#!/bin/sh
# PostgREST contract tests (test/contract/t/*.pl): each test starts a
# throw-away cluster with PostgreSQL::Test::Cluster and answers HTTP requests
# the way PostgREST would, by replaying its SQL (test/contract/PostgRESTReplay.pm).
# The replay is configured by deploy/postgrest.conf, and the roles come
# from deploy/postgrest-roles.sql.  Needs DBI and DBD::Pg (libdbd-pg-perl,
# see test/deps.sh).  TAP_TESTS=t/010_writes.pl runs one file.
exec "$(dirname "$0")/../tap.sh" test/contract/t
