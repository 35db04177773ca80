-- De-duplication by (source, external_id), with on_conflict error | update | ignore.
SELECT test.reset();

SELECT feedback.create_organization('Acme') AS acme \gset
BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.create_source('{"name": "Tickets"}')->'id' AS tickets,
       feedback.create_source('{"name": "Chats"}')->'id' AS chats \gset
SELECT feedback.put_person('{"email": "john@example.com"}')->'id' AS john \gset

-- A new external_id creates a record: "created": true.
SELECT test.stable(feedback.ingest_record(:tickets, '{"external_id": "zd-1", "display_ts": "2025-01-01T10:00:00Z",
  "fields": [{"name": "body", "category": "content", "type": "string", "value": "first"}]}'));
COMMIT;

BEGIN;
SELECT feedback.set_org(:acme);
-- error (the default): 23505, the detail names the existing record.
SELECT test.try(format($$SELECT feedback.ingest_record(%s, '{"external_id": "zd-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "second"}]}')$$, :tickets));
SELECT test.try(format($$SELECT feedback.ingest_record(%s, '{"external_id": "zd-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "second"}]}', 'error')$$, :tickets));

-- ignore: the existing record, unchanged, with "created": false.
SELECT test.stable(feedback.ingest_record(:tickets, '{"external_id": "zd-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "second"}]}', 'ignore'));
COMMIT;

-- update: person_id, display_ts and fields are replaced; "created": false.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT test.stable(feedback.ingest_record(:tickets, format('{"external_id": "zd-1", "person_id": %s, "display_ts": "2025-01-02T10:00:00Z",
  "fields": [{"name": "body", "category": "content", "type": "string", "value": "edited"}, {"name": "priority", "category": "metadata", "type": "string", "value": "high"}]}', :john)::json, 'update'));
COMMIT;
SELECT id, external_id, person_id, display_ts, fields, created_at < updated_at AS updated FROM feedback.records ORDER BY id;

-- An update that changes nothing leaves updated_at as it was.
SELECT updated_at AS before FROM feedback.records WHERE external_id = 'zd-1' \gset
BEGIN;
SELECT feedback.set_org(:acme);
SELECT (feedback.ingest_record(:tickets, format('{"external_id": "zd-1", "person_id": %s, "display_ts": "2025-01-02T10:00:00Z",
  "fields": [{"name": "priority", "category": "metadata", "type": "string", "value": "high"}, {"name": "body", "category": "content", "type": "string", "value": "edited"}]}', :john)::json, 'update'))->'created' AS created;
COMMIT;
SELECT updated_at = :'before' AS unchanged FROM feedback.records WHERE external_id = 'zd-1';

BEGIN;
SELECT feedback.set_org(:acme);
-- The same external_id in another source is another record.
SELECT (feedback.ingest_record(:chats, '{"external_id": "zd-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "chat"}]}'))->'created' AS created;
-- An integer external_id is its text: 48213 and "48213" are the same record.
SELECT (feedback.ingest_record(:tickets, '{"external_id": 48213, "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}'))->'created' AS created;
SELECT (feedback.ingest_record(:tickets, '{"external_id": "48213", "fields": [{"name": "body", "category": "content", "type": "string", "value": "y"}]}', 'ignore'))->'created' AS created;
-- external_ids are case-sensitive.
SELECT (feedback.ingest_record(:tickets, '{"external_id": "ZD-1", "fields": [{"name": "body", "category": "content", "type": "string", "value": "x"}]}'))->'created' AS created;
-- Records without external_id are never duplicates of each other.
SELECT (feedback.ingest_record(:tickets, '{"fields": [{"name": "body", "category": "content", "type": "string", "value": "same"}]}'))->'created' AS created;
SELECT (feedback.ingest_record(:tickets, '{"fields": [{"name": "body", "category": "content", "type": "string", "value": "same"}]}'))->'created' AS created;
-- A duplicate that is also invalid reports the validation problem first, and stores nothing.
SELECT test.try(format($$SELECT feedback.ingest_record(%s, '{"external_id": "zd-1", "fields": [{"name": "body", "category": "content", "type": "integer", "value": 1}]}', 'update')$$, :tickets));
-- A duplicate in error mode leaves no trace: not even its new registry entries.
SELECT test.try(format($$SELECT feedback.ingest_record(%s, '{"external_id": "zd-1", "fields": [{"name": "fresh_field", "category": "metadata", "type": "string", "value": "x"}]}')$$, :tickets));
SELECT count(*) AS fresh_field_registered FROM feedback.source_fields WHERE name = 'fresh_field';
-- ... and the backend's registry cache forgot it too: the name is free for another type.
SELECT feedback.ingest_record(:tickets, '{"fields": [{"name": "fresh_field", "category": "metadata", "type": "integer", "value": 7}]}')->'fields' AS fields;
COMMIT;

-- Only a stored record registers names: an ignored duplicate registers none
-- of its new fields, so a later record may give the name another type.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT (feedback.ingest_record(:tickets, '{"external_id": "zd-1", "fields": [{"name": "ignored_field", "category": "metadata", "type": "integer", "value": 1}]}', 'ignore'))->'created' AS created;
SELECT count(*) AS ignored_field_registered FROM feedback.source_fields WHERE name = 'ignored_field';
SELECT (feedback.ingest_record(:tickets, '{"external_id": "zd-9", "fields": [{"name": "ignored_field", "category": "metadata", "type": "string", "value": "now a string"}]}'))->'fields' AS fields;
COMMIT;

SELECT source_id, external_id, count(*) FROM feedback.records GROUP BY 1, 2 ORDER BY 1, 2;
