-- Tenancy and security: roles, privileges, row-level security, and an
-- isolation matrix in which another tenant (through the API role with its
-- key, or through the admin role with set_org) and a caller with no tenant try to
-- read, write, update, delete and de-duplicate against tenant A's data.
-- (The admin role acts as a third tenant, C, so B's own attempts do not
-- stand in its way.)
-- Every attempt must fail or see nothing, and A's data must stay unchanged.
SELECT test.reset();
GRANT USAGE ON SCHEMA test TO PUBLIC;

-- The roles, and what PUBLIC gets: nothing.
SELECT rolname, rolcanlogin, rolbypassrls FROM pg_roles WHERE rolname LIKE 'feedback\_%' ORDER BY 1;
SELECT count(*) AS granted_to_public FROM (
	SELECT p.oid FROM pg_proc p, aclexplode(p.proacl) a
	WHERE p.pronamespace = 'feedback'::regnamespace AND a.grantee = 0
	UNION ALL
	SELECT c.oid FROM pg_class c, aclexplode(c.relacl) a
	WHERE c.relnamespace = 'feedback'::regnamespace AND a.grantee = 0
	UNION ALL
	SELECT t.oid FROM pg_type t, aclexplode(t.typacl) a
	WHERE t.typnamespace = 'feedback'::regnamespace AND a.grantee = 0
	UNION ALL
	SELECT n.oid FROM pg_namespace n, aclexplode(n.nspacl) a
	WHERE n.nspname = 'feedback' AND a.grantee = 0) g;
-- Who may execute what.
SELECT p.proname, p.prosecdef AS security_definer, pg_get_userbyid(p.proowner) = 'feedback_owner' AS owned_by_feedback_owner,
       p.proconfig AS settings,
       has_function_privilege('feedback_api', p.oid, 'EXECUTE') AS api,
       has_function_privilege('feedback_admin', p.oid, 'EXECUTE') AS admin
FROM pg_proc p WHERE p.pronamespace = 'feedback'::regnamespace ORDER BY 1;
-- Row-level security is enabled and forced on every tenant table.
SELECT relname, relrowsecurity, relforcerowsecurity
FROM pg_class WHERE relnamespace = 'feedback'::regnamespace AND relkind = 'r' ORDER BY 1;

-- Tenant A with a source, a person, a company and a record; tenant B with a source; tenant C.
SELECT feedback.create_organization('A') AS a, feedback.create_organization('B') AS b, feedback.create_organization('C') AS c \gset
SELECT feedback.create_api_key(:a) AS key_a, feedback.create_api_key(:b) AS key_b \gset
SELECT id AS a_key_id FROM feedback.api_keys WHERE org_id = :a \gset
BEGIN;
SELECT feedback.set_org(:a) AS set_org;
SELECT feedback.create_source('{"name": "A Tickets"}')->'id' AS a_source \gset
SELECT r->'id' AS a_person, r->'company_id' AS a_company
FROM feedback.put_person('{"email": "alice@a.test", "first_name": "Alice", "company": {"name": "A Inc", "domain": "a.test"}}') AS r \gset
SELECT feedback.ingest_record(:a_source, format('{"external_id": "a-1", "person_id": %s, "fields": [{"name": "body", "category": "content", "type": "string", "value": "secret of A"}]}', :a_person)::json)->'id' AS a_record \gset
COMMIT;
BEGIN;
SELECT feedback.set_org(:b) AS set_org;
SELECT feedback.create_source('{"name": "B Tickets"}')->'id' AS b_source \gset
COMMIT;

-- A digest of everything A owns, to compare after the attempts.
CREATE FUNCTION test.digest_of_a(org bigint) RETURNS text LANGUAGE sql AS $$
	SELECT md5(string_agg(row, ',' ORDER BY row)) FROM (
		SELECT t::text AS row FROM feedback.organizations t WHERE id = org
		UNION ALL SELECT t::text FROM feedback.api_keys t WHERE org_id = org
		UNION ALL SELECT t::text FROM feedback.sources t WHERE org_id = org
		UNION ALL SELECT t::text FROM feedback.source_fields t WHERE org_id = org
		UNION ALL SELECT t::text FROM feedback.companies t WHERE org_id = org
		UNION ALL SELECT t::text FROM feedback.people t WHERE org_id = org
		UNION ALL SELECT t::text FROM feedback.records t WHERE org_id = org) r
$$;
SELECT test.digest_of_a(:a) AS digest_before \gset

-- attempt(actor, statement): run a statement as an actor; "ok: result" or "SQLSTATE: message".
--   api B           feedback_api, authenticated with B's key
--   api, no tenant  feedback_api, not authenticated
--   admin as C      feedback_admin, set_org(C), a third tenant
SET test.key_b = :'key_b';
SET test.org_c = :c;
CREATE FUNCTION test.attempt(actor text, statement text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	result text;
	state text;
	message text;
BEGIN
	BEGIN
		CASE actor
			WHEN 'api B' THEN
				SET LOCAL ROLE feedback_api;
				PERFORM feedback.authenticate(current_setting('test.key_b'));
			WHEN 'api, no tenant' THEN
				SET LOCAL ROLE feedback_api;
			WHEN 'admin as C' THEN
				SET LOCAL ROLE feedback_admin;
				PERFORM feedback.set_org(current_setting('test.org_c')::bigint);
		END CASE;
		EXECUTE statement INTO result;
		RESET ROLE;
		RETURN 'ok: ' || coalesce(result, 'null');
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
		RETURN state || ': ' || message;
	END;
END
$$;

-- The attempts: what each statement does, and the outcomes that leak nothing.
CREATE TABLE test.attempts (what text, statement text, allowed text);
INSERT INTO test.attempts
SELECT 'read ' || t || ' of A', format('SELECT count(*) FROM feedback.%I WHERE org_id = %s', t, :a), '^(ok: 0|42501: .*|28000: .*)$'
FROM unnest(ARRAY['sources', 'source_fields', 'companies', 'people', 'records', 'api_keys']) t
UNION ALL
SELECT 'update ' || t || ' of A', format('WITH u AS (UPDATE feedback.%I SET %2$s = %2$s WHERE %2$s = %3$s RETURNING 1) SELECT count(*) FROM u', t, CASE t WHEN 'organizations' THEN 'id' ELSE 'org_id' END, :a), '^(ok: 0|42501: .*)$'
FROM unnest(ARRAY['sources', 'source_fields', 'companies', 'people', 'records', 'api_keys', 'organizations']) t
UNION ALL
SELECT 'delete ' || t || ' of A', format('WITH d AS (DELETE FROM feedback.%I WHERE %s = %s RETURNING 1) SELECT count(*) FROM d', t, CASE t WHEN 'organizations' THEN 'id' ELSE 'org_id' END, :a), '^(ok: 0|42501: .*)$'
FROM unnest(ARRAY['sources', 'source_fields', 'companies', 'people', 'records', 'api_keys', 'organizations']) t
UNION ALL
SELECT 'insert into ' || t || ' as A', format('INSERT INTO feedback.%I (org_id, %s) VALUES (%s, %s) RETURNING 1', t, c, :a, v), '^42501: .*$'
FROM (VALUES ('sources', 'name, type', '''x'', ''api'''),
             ('source_fields', 'source_id, name, category, type', :a_source || ', ''x'', ''content'', ''string'''),
             ('companies', 'name', '''x'''),
             ('people', 'email', '''x@a.test'''),
             ('records', 'source_id, display_ts, fields', :a_source || ', now(), ''{}'''),
             ('api_keys', 'key_prefix, key_hash', '''fbk_'', sha256(''x'')')) AS v(t, c, v)
UNION ALL
VALUES
	('read organization A', format('SELECT count(*) FROM feedback.organizations WHERE id = %s', :a), '^(ok: 0|42501: .*)$'),
	('ingest into A''s source', format($$SELECT feedback.ingest_record(%s, '{"fields": [{"name": "body", "category": "content", "type": "string", "value": "B was here"}]}')$$, :a_source), '^(P0002|28000): .*$'),
	('update A''s record by external_id', format($$SELECT feedback.ingest_record(%s, '{"external_id": "a-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "B was here"}]}', 'update')$$, :a_source), '^(P0002|28000): .*$'),
	('ignore-read A''s record by external_id', format($$SELECT feedback.ingest_record(%s, '{"external_id": "a-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}', 'ignore')$$, :a_source), '^(P0002|28000): .*$'),
	('conflict on A''s external_id', format($$SELECT feedback.ingest_record(%s, '{"external_id": "a-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}', 'error')$$, :a_source), '^(P0002|28000): .*$'),
	('name A''s person in a record', format($$SELECT feedback.ingest_record(%s, '{"person_id": %s, "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')$$, :b_source, :a_person), '^(P0002|28000): .*$'),
	('de-duplicate against A''s external_id', format($$SELECT feedback.ingest_record(%s, '{"external_id": "a-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "B''s own"}]}', 'ignore')->>'created'$$, :b_source), '^(ok: true|28000: .*|P0002: .*)$'),
	('upsert A''s person by e-mail', format($$SELECT (feedback.put_person('{"email": "Alice@A.test", "first_name": "Mallory"}')->>'id')::bigint = %s$$, :a_person), '^(ok: false|28000: .*)$'),
	('upsert A''s company by domain', format($$SELECT (feedback.put_person('{"email": "bob@b.test", "company": {"name": "Mine", "domain": "https://a.test/"}}')->>'company_id')::bigint = %s$$, :a_company), '^(ok: false|28000: .*)$'),
	('upsert A''s company by name', format($$SELECT (feedback.put_person('{"email": "carol@b.test", "company": {"name": "a inc"}}')->>'company_id')::bigint = %s$$, :a_company), '^(ok: false|28000: .*)$'),
	('learn of A''s source name', $$SELECT feedback.create_source('{"name": "a tickets"}')->>'name'$$, '^(ok: a tickets|28000: .*)$'),
	('read A''s record through record_json', format('SELECT feedback.record_json(r) FROM feedback.records r WHERE r.id = %s', :a_record), '^(ok: null|42501: .*)$'),
	('read A''s person through person_json', format('SELECT feedback.person_json(p) FROM feedback.people p WHERE p.id = %s', :a_person), '^(ok: null|42501: .*)$'),
	('become A with set_org', format('SELECT feedback.set_org(%s)', :a), '^42501: .*$'),
	('create a key for A', format('SELECT feedback.create_api_key(%s) IS NOT NULL', :a), '^42501: .*$'),
	('revoke A''s key', format('SELECT feedback.revoke_api_key(%s)', :a_key_id), '^42501: .*$'),
	('create an organization', $$SELECT feedback.create_organization('Mallory')$$, '^42501: .*$');

-- Each actor in its own transaction, so no tenant carries over from one to
-- the next.  feedback_admin manages organizations and keys by design: those
-- attempts are for API callers only.
CREATE TABLE test.outcomes (actor text, what text, outcome text, allowed text);
INSERT INTO test.outcomes
SELECT 'api, no tenant', t.what, test.attempt('api, no tenant', t.statement), t.allowed FROM test.attempts t;
INSERT INTO test.outcomes
SELECT 'api B', t.what, test.attempt('api B', t.statement), t.allowed FROM test.attempts t;
INSERT INTO test.outcomes
SELECT 'admin as C', t.what, test.attempt('admin as C', t.statement), t.allowed FROM test.attempts t
WHERE t.what !~ '(organization|api_keys|key|set_org)';

SELECT actor, what, outcome FROM test.outcomes ORDER BY actor, what;

-- The matrix: cases tried, cases that leaked (an outcome outside what is allowed).
SELECT count(*) AS cases, count(*) FILTER (WHERE outcome !~ allowed) AS leaked FROM test.outcomes;
SELECT actor, what, outcome FROM test.outcomes WHERE outcome !~ allowed;
-- And A's data is exactly as it was.
SELECT test.digest_of_a(:a) = :'digest_before' AS a_unchanged;
-- B's attempts left B's own data only: its records are B's.
SELECT org_id, count(*) FROM feedback.records GROUP BY 1 ORDER BY 1;

-- Forging the tenant.  set_org as a plain role fails, and still fails when a
-- DBA grants EXECUTE on it by mistake.
SET ROLE feedback_api;
SELECT feedback.set_org(:a);
RESET ROLE;
GRANT EXECUTE ON FUNCTION feedback.set_org(bigint) TO feedback_api;
SET ROLE feedback_api;
SELECT feedback.set_org(:a);
RESET ROLE;
REVOKE EXECUTE ON FUNCTION feedback.set_org(bigint) FROM feedback_api;

-- A hostile search_path: objects named like ours, and an "=" that is always
-- true, in a schema searched before pg_catalog, change nothing.
CREATE SCHEMA evil;
CREATE FUNCTION evil.always(bigint, bigint) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR evil.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = evil.always);
CREATE FUNCTION evil.current_org() RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint';
CREATE TABLE evil.records (org_id bigint, id bigint, fields jsonb);
CREATE FUNCTION evil.now() RETURNS timestamptz LANGUAGE sql AS $$SELECT '2000-01-01'::timestamptz$$;
GRANT USAGE ON SCHEMA evil TO PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA evil TO PUBLIC;
BEGIN;
SET LOCAL ROLE feedback_api;
SET LOCAL search_path = evil, feedback, pg_catalog;
SELECT feedback.authenticate(:'key_b') = :b AS is_b;
SELECT current_org() AS evil_current_org, feedback.current_org() = :b AS real_current_org_is_b;
SELECT test.try(format($$SELECT feedback.ingest_record(%s, '{"external_id": "a-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}', 'update')$$, :a_source));
SELECT test.try(format($$SELECT feedback.ingest_record(%s, '{"person_id": %s, "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')$$, :b_source, :a_person));
SELECT (feedback.ingest_record(:b_source, '{"fields": [{"name": "body", "category": "content", "type": "string", "value": "written under a hostile search_path"}]}')->>'created_at') > '2020' AS real_now;
COMMIT;
SELECT test.digest_of_a(:a) = :'digest_before' AS a_unchanged;
DROP SCHEMA evil CASCADE;

-- SQL injection through names and values is just data.
BEGIN;
SET LOCAL ROLE feedback_api;
SELECT feedback.authenticate(:'key_b') = :b AS is_b;
SELECT feedback.create_source($${"name": "x'); DROP TABLE feedback.records; --"}$$)->>'name' AS name;
SELECT r->>'external_id' AS external_id, r->'fields'->0->>'value' AS value
FROM feedback.ingest_record(:b_source, $${"external_id": "' OR '1'='1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "'); DELETE FROM feedback.records; --"}]}$$) AS r;
SELECT test.try($$SELECT feedback.ingest_record(1, '{"fields": [{"name": "x\"; DROP TABLE t; --", "category": "content", "type": "string", "value": "x"}]}')$$);
COMMIT;
SELECT count(*) > 0 AS records_still_there FROM feedback.records;
SELECT test.digest_of_a(:a) = :'digest_before' AS a_unchanged;
