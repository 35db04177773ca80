-- Helpers that the other suites share, in schema "test".  Runs first.
CREATE SCHEMA test;

-- reset(): a fresh extension, so ids start at 1 in every suite.
CREATE FUNCTION test.reset() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	SET LOCAL client_min_messages = warning;
	DROP EXTENSION IF EXISTS feedback CASCADE;
	CREATE EXTENSION feedback;
END
$$;

-- try(sql): run a statement; show "SQLSTATE: message" instead of failing,
-- so one transaction (and its tenant) can go on after an expected error.
CREATE FUNCTION test.try(sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	result text;
	state text;
	message text;
BEGIN
	EXECUTE sql INTO result;
	RETURN 'ok: ' || coalesce(result, 'null');
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
	RETURN state || ': ' || message;
END
$$;

-- stable(j): a response without the timestamps that differ from run to run.
CREATE FUNCTION test.stable(j jsonb) RETURNS jsonb
LANGUAGE sql AS $$ SELECT j - '{created_at,updated_at}'::text[] $$;

SELECT test.reset();
SELECT extname, extversion FROM pg_extension WHERE extname = 'feedback';
