-- Errors (DESIGN.md section 5): each kind with its SQLSTATE, a lower-case
-- message that names the field, details and hints as sentences, and every
-- problem of a record in one error.
SELECT test.reset();

SELECT feedback.create_organization('Acme') AS acme \gset
BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.create_source('{"name": "Support"}')->'id' AS source \gset
SELECT feedback.ingest_record(:source, '{"external_id": "t-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')->'id' AS record;
COMMIT;

-- One row per SQLSTATE that SQL callers see.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT kind, test.try(statement) AS outcome
FROM (VALUES
	('malformed json (22P02)',
	 $$SELECT feedback.ingest_record(1, '{"fields": [}')$$),
	('invalid member (22023)',
	 $$SELECT feedback.ingest_record(1, '{"display_time": "2025-01-01", "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')$$),
	('invalid value (22023)',
	 $$SELECT feedback.ingest_record(1, '{"fields": [{"name": "n", "category": "metadata", "type": "integer", "value": "many"}]}')$$),
	('missing member (23502)',
	 $$SELECT feedback.ingest_record(1, '{"external_id": "x"}')$$),
	('value too large (22001)',
	 $$SELECT feedback.ingest_record(1, json_build_object('fields', json_build_array(json_build_object('name', 'big', 'category', 'content', 'type', 'string', 'value', repeat('x', 10241)))))$$),
	('number out of range (22003)',
	 $$SELECT feedback.ingest_record(1, '{"fields": [{"name": "n", "category": "metadata", "type": "integer", "value": 1e30}]}')$$),
	('bad date (22007)',
	 $$SELECT feedback.ingest_record(1, '{"fields": [{"name": "d", "category": "created_at", "type": "date", "value": "2025-02-30"}]}')$$),
	('bad datetime (22007)',
	 $$SELECT feedback.ingest_record(1, '{"display_ts": "soon", "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')$$),
	('source not found (P0002)',
	 $$SELECT feedback.ingest_record(42, '{"fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')$$),
	('person not found (P0002)',
	 $$SELECT feedback.ingest_record(1, '{"person_id": 42, "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')$$),
	('duplicate external_id (23505)',
	 $$SELECT feedback.ingest_record(1, '{"external_id": "t-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}')$$),
	('duplicate source name (23505)',
	 $$SELECT feedback.create_source('{"name": "SUPPORT"}')$$),
	('bad on_conflict (22023)',
	 $$SELECT feedback.ingest_record(1, '{"fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}', 'merge')$$),
	('null source_id (23502)',
	 $$SELECT feedback.ingest_record(NULL, '{"fields": []}')$$)
) AS t(kind, statement);
COMMIT;

-- No tenant: 28000 (see tenant.sql for more).
SELECT feedback.ingest_record(1, '{"fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}');

-- What an error says.  A single problem: the message has the path and names
-- the field; the detail repeats it as a sentence.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.ingest_record(1, '{"fields": [{"name": "nps_score", "category": "metadata", "type": "integer", "value": "ten"}]}');
ROLLBACK;

-- A bad field name: the hint gives its snake_case form.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.ingest_record(1, '{"fields": [{"name": "Ticket Body", "category": "content", "type": "string", "value": "x"}]}');
ROLLBACK;

-- Unknown members: "display_time" is caught, the hint lists the members.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.ingest_record(1, '{"display_time": "2025-01-01T00:00:00Z", "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}');
ROLLBACK;

-- Every problem of one record in one error, each with its path, in body order.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.ingest_record(1, '{
  "external_id": "",
  "person_id": "john",
  "display_ts": "2025-13-01",
  "extra": true,
  "fields": [
    {"name": "ticketBody", "category": "content", "type": "string", "value": "x"},
    {"name": "score", "category": "metrics", "type": "integer", "value": 1},
    {"name": "score2", "category": "metadata", "type": "int", "value": 1},
    {"name": "opened", "category": "created_at", "type": "datetime", "value": "noon"},
    {"name": "tags", "category": "metadata", "type": "json"},
    {"name": "count", "category": "metadata", "type": "integer", "value": 1.5, "unit": "x"},
    "not an object",
    {"name": "count", "category": "metadata", "type": "integer", "value": 2}
  ]}');
ROLLBACK;

-- fields must be a non-empty array of at most feedback.max_fields_per_record entries.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT test.try(format('SELECT feedback.ingest_record(1, %L)', body)) AS outcome
FROM (VALUES ('{"fields": []}'), ('{"fields": {}}'), ('{"fields": null}'), ('[]'), ('"fields"')) AS t(body);
SET LOCAL feedback.max_fields_per_record = 3;
SELECT n, test.try(format('SELECT feedback.ingest_record(1, %L)->>''created''',
	json_build_object('fields', (SELECT json_agg(json_build_object('name', 'f' || i, 'category', 'metadata', 'type', 'integer', 'value', i))
	                             FROM generate_series(1, n) i)))) AS outcome
FROM (VALUES (3), (4)) AS t(n);
COMMIT;

-- external_id: 1 to 255 characters (not bytes), or an integer.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT left(id, 8) AS external_id, test.try(format('SELECT length(feedback.ingest_record(1, %L)->>''external_id'')',
	json_build_object('external_id', id::json, 'fields', json_build_array(json_build_object('name', 'body', 'category', 'content', 'type', 'string', 'value', 'x'))))) AS outcome
FROM (VALUES (to_json(repeat('é', 255))::text), (to_json(repeat('é', 256))::text), ('""'), ('7'), ('7.5'), ('true'), ('["a"]'), ('null')) AS t(id);
COMMIT;

-- Only the GUCs' owners may raise limits: they are superuser settings.
CREATE ROLE feedback_errors_user;
SET ROLE feedback_errors_user;
SET feedback.max_field_bytes = 1000000;
RESET ROLE;
DROP ROLE feedback_errors_user;
-- Unknown settings under the feedback prefix are rejected.
SET feedback.org_id = 1;
