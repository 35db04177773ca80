-- The HTTP surface (schema feedback_api), called the way PostgREST calls it:
-- request.headers set for the transaction, pre_request(), then the function.
-- test/contract replays PostgREST's whole protocol; this suite checks the
-- pieces from SQL.
SELECT test.reset();
SELECT feedback.create_organization('Acme') AS acme \gset
SELECT feedback.create_api_key(:acme) AS key \gset

-- http(sql): run a statement; show "status N" and its result, or the
-- error's SQLSTATE, message and detail (PostgREST reads all three).
CREATE FUNCTION test.http(sql text, OUT state text, OUT message text, OUT detail text)
LANGUAGE plpgsql AS $$
DECLARE
	result text;
BEGIN
	EXECUTE sql INTO result;
	state := 'status ' || coalesce(current_setting('response.status', true), '(none)');
	message := result;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
END
$$;

-- The objects PostgREST exposes, each with its OpenAPI description.
SELECT c.relname AS name, 'view' AS kind, split_part(obj_description(c.oid, 'pg_class'), E'\n', 1) AS summary
FROM pg_class c WHERE c.relnamespace = 'feedback_api'::regnamespace
UNION ALL
SELECT p.proname, 'function', split_part(obj_description(p.oid, 'pg_proc'), E'\n', 1)
FROM pg_proc p WHERE p.pronamespace = 'feedback_api'::regnamespace
ORDER BY 2, 1;
SELECT split_part(obj_description('feedback_api'::regnamespace, 'pg_namespace'), E'\n', 1) AS schema_summary;
-- Each write function has one unnamed json parameter, so PostgREST passes the body whole.
SELECT p.proname, pg_get_function_arguments(p.oid) AS arguments, pg_get_function_result(p.oid) AS result
FROM pg_proc p WHERE p.pronamespace = 'feedback_api'::regnamespace ORDER BY 1;

-- A request: headers, pre_request (authenticates, switches the error format), the call.
BEGIN;
SET LOCAL ROLE feedback_api;
SELECT set_config('request.headers', json_build_object('x-api-key', :'key', 'content-type', 'application/json')::text, true) IS NOT NULL AS headers_set;
SELECT feedback_api.pre_request();
SELECT current_setting('feedback.error_format') AS error_format, feedback.current_org() = :acme AS tenant_set;
SELECT * FROM test.http($$SELECT feedback_api.create_source('{"name": "Tickets"}')->>'name'$$);
SELECT * FROM test.http($$SELECT feedback_api.put_person('{"email": "john@example.com"}')->>'email'$$);
SELECT * FROM test.http($$SELECT feedback_api.put_person('{"email": "john@example.com", "first_name": "John"}')->>'first_name'$$);
-- The record's source comes from x-feedback-source-id (set by the gateway from the path) ...
SELECT set_config('request.headers', json_build_object('x-api-key', :'key', 'x-feedback-source-id', '1')::text, true) IS NOT NULL AS headers_set;
SELECT * FROM test.http($$SELECT feedback_api.ingest_record('{"external_id": "t-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "first"}]}')->>'created'$$);
-- ... an existing external_id: 409, or Prefer chooses update (merge) or ignore.
SELECT * FROM test.http($$SELECT feedback_api.ingest_record('{"external_id": "t-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "second"}]}')$$);
SELECT set_config('request.headers', json_build_object('x-feedback-source-id', '1', 'prefer', 'return=representation, resolution=merge-duplicates')::text, true) IS NOT NULL AS headers_set;
SELECT * FROM test.http($$SELECT feedback_api.ingest_record('{"external_id": "t-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "second"}]}')->'fields'->0->>'value'$$);
SELECT set_config('request.headers', json_build_object('x-feedback-source-id', '1', 'prefer', 'resolution=ignore-duplicates')::text, true) IS NOT NULL AS headers_set;
SELECT * FROM test.http($$SELECT feedback_api.ingest_record('{"external_id": "t-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "third"}]}')->'fields'->0->>'value'$$);
-- ... or from a source_id member of the body; naming two different sources is an error.
SELECT set_config('request.headers', '{}', true) IS NOT NULL AS headers_set;
SELECT * FROM test.http($$SELECT feedback_api.ingest_record('{"source_id": 1, "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')->>'source_id'$$);
SELECT * FROM test.http($$SELECT feedback_api.ingest_record('{"fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')$$);
SELECT set_config('request.headers', json_build_object('x-feedback-source-id', '1')::text, true) IS NOT NULL AS headers_set;
SELECT * FROM test.http($$SELECT feedback_api.ingest_record('{"source_id": 2, "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')$$);
SELECT set_config('request.headers', json_build_object('x-feedback-source-id', 'abc')::text, true) IS NOT NULL AS headers_set;
SELECT * FROM test.http($$SELECT feedback_api.ingest_record('{"fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')$$);
-- Errors in PostgREST's format: SQLSTATE PGRST, the JSON body, the status and headers.
SELECT set_config('request.headers', json_build_object('x-feedback-source-id', '99')::text, true) IS NOT NULL AS headers_set;
SELECT * FROM test.http($$SELECT feedback_api.ingest_record('{"fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')$$);
SELECT * FROM test.http($$SELECT feedback_api.ingest_record('{"fields": [{"name": "n", "category": "metadata", "type": "integer", "value": "ten"}, {"name": "Bad Name", "category": "content", "type": "string", "value": "x"}]}')$$);
SELECT * FROM test.http($$SELECT feedback_api.create_source('{"name": "TICKETS"}')$$);
SELECT * FROM test.http($$SELECT feedback_api.create_source(NULL)$$);
COMMIT;

-- 401: no key, or a wrong one, with WWW-Authenticate.
BEGIN;
SET LOCAL ROLE feedback_api;
SELECT set_config('request.headers', '{}', true) IS NOT NULL AS headers_set;
SELECT * FROM test.http('SELECT feedback_api.pre_request()');
SELECT set_config('request.headers', '{"x-api-key": "fbk_nope"}', true) IS NOT NULL AS headers_set;
SELECT * FROM test.http('SELECT feedback_api.pre_request()');
COMMIT;

-- 429 with Retry-After, once the key's limit is spent.
SELECT feedback.create_api_key(:acme) AS limited_key \gset
UPDATE feedback.api_keys SET rate_limit_per_minute = 1 WHERE key_prefix = left(:'limited_key', 12);
BEGIN;
SELECT set_config('request.headers', json_build_object('x-api-key', :'limited_key')::text, true) IS NOT NULL AS headers_set;
SELECT * FROM test.http('SELECT feedback_api.pre_request()');
SELECT * FROM test.http('SELECT feedback_api.pre_request()');
COMMIT;

-- The views show the tenant's rows only, and nothing without a tenant.
BEGIN;
SET LOCAL ROLE feedback_api;
SELECT count(*) AS sources_without_tenant FROM feedback_api."feedback-sources";
SELECT set_config('request.headers', json_build_object('x-api-key', :'key')::text, true) IS NOT NULL AS headers_set;
SELECT feedback_api.pre_request();
SELECT id, name, type FROM feedback_api."feedback-sources";
SELECT id, email, first_name FROM feedback_api.people;
SELECT id, source_id, external_id, fields FROM feedback_api.records WHERE fields->>'body' = 'second';
COMMIT;
-- API clients cannot write through the views.
BEGIN;
SET LOCAL ROLE feedback_api;
SELECT * FROM test.http($$INSERT INTO feedback_api.records (source_id, display_ts, fields) VALUES (1, now(), '{}') RETURNING id$$);
COMMIT;
