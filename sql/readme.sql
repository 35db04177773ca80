-- The SQL examples of README.md, verbatim and in order (test/readme-check.pl
-- checks that every one of them is here).
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS feedback CASCADE;
RESET client_min_messages;

-- Installation
CREATE EXTENSION feedback;

-- Getting started (the key is random: its output is not compared)
\o /dev/null
SELECT feedback.create_organization('Example Corp');
SELECT feedback.create_api_key(1, 'support integration');
\o
SELECT id, name FROM feedback.organizations;
SELECT org_id, name, key_prefix LIKE 'fbk_%' AS prefixed FROM feedback.api_keys;

-- The examples' responses go to a file, shown below without the
-- timestamps of this run.
\pset format unaligned
\pset tuples_only on
\o results/readme.responses

BEGIN;
SELECT feedback.set_org(1);
SELECT feedback.create_source('{"name": "Customer Support Tickets", "type": "api"}');
COMMIT;

BEGIN;
SELECT feedback.set_org(1);
SELECT feedback.put_person('{"first_name": "John", "last_name": "Doe", "email": "john@example.com",
  "boundary": "external", "company": {"name": "Example Corp", "domain": "example.com"}}');
COMMIT;

BEGIN;
SELECT feedback.set_org(1);
SELECT feedback.ingest_record(1, '{
  "person_id": 1,
  "display_ts": "2025-01-01T10:30:00Z",
  "external_id": "unique-id-123",
  "fields": [
    {"category": "content", "type": "string", "name": "ticket_body", "value": "Export times out"},
    {"category": "metadata", "type": "integer", "name": "priority_level", "value": "2"},
    {"category": "created_at", "type": "datetime", "name": "opened_at", "value": "2025-01-01T11:30:00+01:00"}
  ]}');
COMMIT;

BEGIN;
SELECT feedback.set_org(1);
SELECT feedback.ingest_record(1, '{"external_id": "unique-id-123", "person_id": 1,
  "display_ts": "2025-01-01T10:30:00Z", "fields": [
  {"category": "content", "type": "string", "name": "ticket_body", "value": "Export times out (edited)"}]}',
  on_conflict => 'update');
COMMIT;

BEGIN;
SELECT feedback.set_org(1);
SELECT feedback.ingest_record(1, '{"display_time": "2025-01-01", "fields": [
  {"category": "content", "type": "string", "name": "Ticket Body", "value": "x"},
  {"category": "metadata", "type": "integer", "name": "priority_level", "value": "high"}]}');
ROLLBACK;

\o
\set responses `cat results/readme.responses`
SELECT regexp_replace(:'responses', '"(created_at|updated_at)": "[^"]+"', '"\1": "<now>"', 'g');

-- Tenants, roles and API keys
\pset format aligned
\pset tuples_only off
CREATE ROLE support_app LOGIN PASSWORD 'change me' IN ROLE feedback_api;
CREATE ROLE feedback_ops LOGIN PASSWORD 'change me too' IN ROLE feedback_admin;

SET ROLE feedback_ops;
SELECT feedback.create_organization('Initech') AS org_id \gset
SELECT feedback.create_api_key(:org_id, 'support app') AS api_key \gset
RESET ROLE;

SET ROLE support_app;
BEGIN;
SELECT feedback.authenticate(:'api_key');
SELECT feedback.create_source('{"name": "Initech support"}')->>'name';
COMMIT;
RESET ROLE;

-- The application's source belongs to Initech only.
SELECT o.name AS organization, s.name AS source FROM feedback.sources s JOIN feedback.organizations o ON o.id = s.org_id ORDER BY s.id;
DROP ROLE support_app;
DROP ROLE feedback_ops;

-- Rate limits
UPDATE feedback.api_keys SET rate_limit_per_minute = 600 WHERE id = 1;
SELECT id, rate_limit_per_minute FROM feedback.api_keys ORDER BY id;
