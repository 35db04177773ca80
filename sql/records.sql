-- Records: POST /feedback-sources/{id}/records as feedback.ingest_record(source_id, body).
SELECT test.reset();
\set ticket `cat examples/support-ticket.record.json`
\set nps `cat examples/nps-survey.record.json`
\set slack `cat examples/slack-message.record.json`

SELECT feedback.create_organization('Acme') AS acme \gset

BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.create_source('{"name": "Customer Support Tickets", "type": "api"}')->'id' AS tickets,
       feedback.create_source('{"name": "NPS Survey"}')->'id' AS nps_source,
       feedback.create_source('{"name": "Slack #product-feedback"}')->'id' AS slack_source \gset
SELECT feedback.put_person('{"email": "john@example.com"}')->'id' AS john \gset

-- A support ticket with fields of six types: the response is the stored
-- record, fields in name order with canonical values, and "created": true.
SELECT jsonb_pretty(test.stable(feedback.ingest_record(:tickets, :'ticket')));

-- display_ts falls back to the first created_at field: a date means midnight UTC ...
SELECT r->>'display_ts' AS display_ts, r->'fields' AS fields
FROM feedback.ingest_record(:nps_source, :'nps') AS r;
-- ... and a datetime given as Unix epoch seconds keeps its microseconds.
SELECT r->>'display_ts' AS display_ts, r->'fields' AS fields
FROM feedback.ingest_record(:slack_source, :'slack') AS r;

-- Without display_ts or a created_at field, display_ts is the time of ingest.
SELECT (r->>'display_ts')::timestamptz = now() AS ingest_time, r->>'external_id' AS external_id
FROM feedback.ingest_record(:tickets, '{"fields": [{"name": "ticket_body", "category": "content", "type": "string", "value": "Hi"}]}') AS r;

-- person_id links the record to a person of this organization.
SELECT (feedback.ingest_record(:tickets, format('{"person_id": %s, "fields": [{"name": "ticket_body", "category": "content", "type": "string", "value": "From John"}]}', :john)::json))->'person_id' AS person_id;

-- An integer external_id is kept as its text; display_ts with an offset is stored in UTC.
SELECT r->'external_id' AS external_id, r->'display_ts' AS display_ts
FROM feedback.ingest_record(:tickets, '{"external_id": 48214, "display_ts": "2025-01-01T12:30:00+02:00", "fields": [{"name": "ticket_body", "category": "content", "type": "string", "value": "x"}]}') AS r;

-- null values are stored as null.
SELECT r->'fields' AS fields
FROM feedback.ingest_record(:tickets, '{"fields": [{"name": "priority", "category": "metadata", "type": "string", "value": null}]}') AS r;
COMMIT;

-- The first record that uses a name fixes its category and type (the registry) ...
SELECT s.name AS source, f.name, f.category, f.type
FROM feedback.source_fields f JOIN feedback.sources s ON (s.org_id, s.id) = (f.org_id, f.source_id)
ORDER BY s.id, f.name COLLATE "C";

-- ... and the stored record keeps canonical values by name.
SELECT source_id, external_id, display_ts, jsonb_pretty(fields) FROM feedback.records WHERE external_id = 'zendesk-48213';

-- A later record must agree with the registry; nothing of a rejected record
-- is stored: neither the record nor its new fields.
BEGIN;
SELECT feedback.set_org(:acme);
-- The registry is per source: another source may use the name with another type.
SELECT feedback.ingest_record(:nps_source, '{"fields": [{"name": "priority", "category": "metadata", "type": "integer", "value": 1}]}')->'fields' AS fields;
SELECT count(*) AS records_before FROM feedback.records \gset
SELECT count(*) AS fields_before FROM feedback.source_fields \gset
SELECT test.try(format($$SELECT feedback.ingest_record(%s, '{"fields": [
	{"name": "brand_new", "category": "metadata", "type": "string", "value": "x"},
	{"name": "priority", "category": "metadata", "type": "integer", "value": 1}]}')$$, :tickets));
SELECT test.try(format($$SELECT feedback.ingest_record(%s, '{"fields": [
	{"name": "ticket_body", "category": "metadata", "type": "string", "value": "x"}]}')$$, :tickets));
SELECT (SELECT count(*) FROM feedback.records) - :records_before AS new_records,
       (SELECT count(*) FROM feedback.source_fields) - :fields_before AS new_fields;

-- Unknown sources and people: P0002, and nothing stored.
SELECT test.try($$SELECT feedback.ingest_record(999, '{"fields": [{"name": "a", "category": "content", "type": "string", "value": "x"}]}')$$);
SELECT test.try(format($$SELECT feedback.ingest_record(%s, '{"person_id": 999, "fields": [{"name": "ticket_body", "category": "content", "type": "string", "value": "x"}]}')$$, :tickets));
SELECT (SELECT count(*) FROM feedback.records) - :records_before AS new_records,
       (SELECT count(*) FROM feedback.source_fields) - :fields_before AS new_fields;
COMMIT;

-- The registry cache follows the table: after a DBA empties a source's
-- registry (TRUNCATE sends an invalidation), names are free again.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT test.try(format($$SELECT feedback.ingest_record(%s, '{"fields": [{"name": "priority", "category": "metadata", "type": "boolean", "value": true}]}')->'fields'$$, :tickets));
COMMIT;
TRUNCATE feedback.source_fields;
BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.ingest_record(:tickets, '{"fields": [{"name": "priority", "category": "metadata", "type": "boolean", "value": true}]}')->'fields' AS fields;
COMMIT;
