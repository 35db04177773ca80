/*
 * deploy/postgrest-roles.sql: the login role PostgREST connects as.
 *
 *   psql -d feedback -f deploy/postgrest-roles.sql
 *   psql -d feedback -c "ALTER ROLE authenticator PASSWORD '...'"   -- then put it in postgrest.conf
 *
 * Run it as a superuser (or a role with CREATEROLE that may grant feedback_api)
 * after CREATE EXTENSION feedback, which creates the role feedback_api.  It is
 * idempotent: running it again changes nothing, and never resets a password.
 *
 * authenticator is created without a password, so nobody can log in as it
 * with a password until you set one.  It is NOINHERIT: on its own it can do
 * nothing; PostgREST switches to feedback_api (SET ROLE) for every request.
 */

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'feedback_api') THEN
		RAISE EXCEPTION 'role "feedback_api" does not exist'
			USING HINT = 'Run CREATE EXTENSION feedback first.';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'authenticator') THEN
		CREATE ROLE authenticator LOGIN NOINHERIT;
		RAISE NOTICE 'created role "authenticator" without a password'
			USING HINT = 'Set one with ALTER ROLE authenticator PASSWORD ''...'' and put it in db-uri of postgrest.conf.';
	END IF;
END
$$;

-- The attributes PostgREST relies on, also for a role that existed already.
ALTER ROLE authenticator LOGIN NOINHERIT;

-- PostgREST may switch to feedback_api (db-anon-role), and to nothing else.
GRANT feedback_api TO authenticator;

-- Sessions of PostgREST render timestamps in UTC whatever the server's default.
ALTER ROLE authenticator SET timezone = 'UTC';
