-- The tenant: set by authenticate(api_key) or set_org(org_id) for one
-- transaction, held in backend memory, and required by every resource function.
SELECT test.reset();

SELECT feedback.create_organization('Acme') AS acme,
       feedback.create_organization('Globex') AS globex \gset
SELECT feedback.create_api_key(:acme, 'ingest') AS acme_key \gset
SELECT feedback.create_api_key(:globex) AS globex_key \gset

-- Keys are "fbk_" and 64 hex digits; only a SHA-256 hash and a prefix are stored.
SELECT :'acme_key' ~ '^fbk_[0-9a-f]{64}$' AS well_formed, :'acme_key' <> :'globex_key' AS distinct_keys;
SELECT org_id, name, key_prefix = left(:'acme_key', 12) AS prefix_kept, key_hash = sha256(convert_to(:'acme_key', 'UTF8')) AS hash_kept
FROM feedback.api_keys ORDER BY id;
SELECT count(*) AS plain_keys_stored FROM feedback.api_keys WHERE key_prefix = :'acme_key' OR encode(key_hash, 'escape') LIKE '%' || :'acme_key' || '%';

-- No tenant outside a transaction that set one: every resource function fails with 28000.
SELECT feedback.current_org();
SELECT fn, test.try(statement) AS outcome
FROM (VALUES
	('create_source', $$SELECT feedback.create_source('{"name": "x"}')$$),
	('put_person', $$SELECT feedback.put_person('{"email": "a@example.com"}')$$),
	('ingest_record', $$SELECT feedback.ingest_record(1, '{"fields": [{"name": "a", "category": "content", "type": "string", "value": "x"}]}')$$)
) AS t(fn, statement);

-- authenticate sets the tenant for the rest of the transaction, and returns it.
BEGIN;
SELECT feedback.authenticate(:'acme_key') = :acme AS acme;
SELECT feedback.current_org() = :acme AS acme;
SELECT test.stable(feedback.create_source('{"name": "Tickets"}'));
COMMIT;
-- The transaction is over: so is the tenant (pooled connections start clean).
SELECT feedback.current_org();

-- A rolled-back transaction clears it too.
BEGIN;
SELECT feedback.set_org(:acme) = :acme AS acme;
ROLLBACK;
SELECT feedback.current_org();

-- A subtransaction that rolls back takes back the tenant it set; one that
-- commits keeps it.
BEGIN;
SELECT feedback.set_org(:acme) = :acme AS acme;
SAVEPOINT s1;
SELECT feedback.set_org(:globex) = :globex AS globex;
ROLLBACK TO SAVEPOINT s1;
SELECT feedback.current_org() = :acme AS back_to_acme;
SAVEPOINT s2;
SELECT feedback.set_org(:globex) = :globex AS globex;
RELEASE SAVEPOINT s2;
SELECT feedback.current_org() = :globex AS still_globex;
COMMIT;
BEGIN;
SAVEPOINT s1;
SELECT feedback.set_org(:acme) = :acme AS acme;
ROLLBACK TO SAVEPOINT s1;
SELECT feedback.current_org() AS none_again;
COMMIT;

-- A failed authenticate leaves the tenant as it was.
BEGIN;
SELECT feedback.set_org(:acme) = :acme AS acme;
SELECT test.try($$SELECT feedback.authenticate('fbk_0000000000000000000000000000000000000000000000000000000000000000')$$);
SELECT feedback.current_org() = :acme AS still_acme;
COMMIT;

-- Bad keys: all fail the same way, 28000.
SELECT what, test.try(format('SELECT feedback.authenticate(%L)', key)) AS outcome
FROM (VALUES
	('empty', ''),
	('prefix only', 'fbk_'),
	('unknown key', 'fbk_0000000000000000000000000000000000000000000000000000000000000000'),
	('wrong prefix', 'abc_' || substr(:'acme_key', 5)),
	('upper case', upper(:'acme_key')),
	('trailing space', :'acme_key' || ' '),
	('leading space', ' ' || :'acme_key'),
	('10 MB', repeat('k', 10 * 1024 * 1024)),
	('null', NULL)
) AS t(what, key);

-- A revoked key fails from the next transaction on; other keys still work.
SELECT id AS acme_key_id FROM feedback.api_keys WHERE org_id = :acme \gset
SELECT feedback.revoke_api_key(:acme_key_id);
SELECT revoked_at IS NOT NULL AS revoked FROM feedback.api_keys WHERE id = :acme_key_id;
SELECT test.try(format('SELECT feedback.authenticate(%L)', :'acme_key'));
SELECT test.try(format('SELECT feedback.authenticate(%L)', :'globex_key')) = 'ok: ' || :globex AS globex_works;
SELECT test.try('SELECT feedback.revoke_api_key(424242)');
-- A key of a deleted organization fails.
SELECT feedback.create_organization('Doomed') AS doomed \gset
SELECT feedback.create_api_key(:doomed) AS doomed_key \gset
DELETE FROM feedback.organizations WHERE id = :doomed;
SELECT test.try(format('SELECT feedback.authenticate(%L)', :'doomed_key'));
SELECT test.try(format('SELECT feedback.create_api_key(%s)', :doomed));
SELECT test.try(format('SELECT feedback.set_org(%s)', :doomed));

-- The tenant cannot be forged with settings: there is no setting to forge.
SET feedback.current_org = 1;
SELECT set_config('feedback.org_id', '1', false);
SELECT feedback.current_org();

-- One tenant cannot reach another's sources or people: they are "not found".
BEGIN;
SELECT feedback.set_org(:globex);
SELECT test.stable(feedback.create_source('{"name": "Tickets"}')) AS globex_may_reuse_the_name;
SELECT id AS globex_source FROM feedback.sources WHERE org_id = :globex \gset
SELECT feedback.put_person('{"email": "g@globex.test"}')->'id' AS globex_person \gset
COMMIT;
BEGIN;
SELECT feedback.set_org(:acme);
SELECT test.try(format($$SELECT feedback.ingest_record(%s, '{"fields": [{"name": "a", "category": "content", "type": "string", "value": "x"}]}')$$, :globex_source));
SELECT test.try(format($$SELECT feedback.ingest_record(1, '{"person_id": %s, "fields": [{"name": "a", "category": "content", "type": "string", "value": "x"}]}')$$, :globex_person));
COMMIT;
SELECT count(*) AS globex_records FROM feedback.records WHERE org_id = :globex;
