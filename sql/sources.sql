-- Feedback sources: POST /feedback-sources as feedback.create_source(body).
SELECT test.reset();

SELECT feedback.create_organization('Acme') AS acme,
       feedback.create_organization('Globex') AS globex \gset

BEGIN;
SELECT feedback.set_org(:acme);

-- The API reference's example: the response has id, name, type, created_at.
SELECT test.stable(feedback.create_source('{"name": "Customer Support Tickets", "type": "api"}'));
SELECT jsonb_object_keys(feedback.create_source('{"name": "NPS Survey", "type": "api"}')) AS key ORDER BY 1;

-- created_at is UTC ISO 8601 with a Z.
SELECT feedback.create_source('{"name": "Slack"}')->>'created_at' ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$' AS iso;

-- type defaults to "api"; the name is trimmed.
SELECT test.stable(feedback.create_source('{"name": "  Intercom chats  "}'));
SELECT test.stable(feedback.create_source('{"name": "Zendesk", "type": "zendesk_v2"}'));

-- Names are unique per organization, ignoring case: 23505, detail names the existing id.
SELECT test.try($$SELECT feedback.create_source('{"name": "customer support TICKETS"}')$$);
COMMIT;

-- The error in full: the detail names the existing source.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.create_source('{"name": "NPS SURVEY"}');
ROLLBACK;

-- Another organization may use the same name.
BEGIN;
SELECT feedback.set_org(:globex);
SELECT test.stable(feedback.create_source('{"name": "Customer Support Tickets"}'));
COMMIT;

-- Bad bodies: each rejected with its SQLSTATE, nothing stored.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT left(body, 40) AS body, test.try(format('SELECT feedback.create_source(%L)', body)) AS outcome
FROM (VALUES
	('{}'),
	('{"type": "api"}'),
	('{"name": null}'),
	('{"name": 42}'),
	('{"name": ""}'),
	('{"name": "   "}'),
	('{"name": "Tab\there"}'),
	('{"name": "ok", "type": "API"}'),
	('{"name": "ok", "type": 1}'),
	('{"name": "ok", "kind": "api"}'),
	('[]'),
	('"Support"'),
	('null'),
	('{"name": "' || repeat('é', 256) || '"}')
) AS t(body);
-- 255 characters is the longest name.
SELECT length(feedback.create_source(('{"name": "' || repeat('é', 255) || '"}')::json)->>'name');
-- Malformed JSON fails when the argument is read: 22P02.
SELECT test.try($$SELECT feedback.create_source('{"name": "x"')$$);
SELECT test.try($$SELECT feedback.create_source(NULL)$$);
COMMIT;

-- What is stored: every source belongs to its organization.
SELECT org_id, id, left(name, 30) AS name, type FROM feedback.sources ORDER BY id;
