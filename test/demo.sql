-- The quick start of the hosted API, as SQL: run by `make demo` (test/demo.sh)
-- in a throw-away cluster, with the example bodies of examples/.
\set ON_ERROR_STOP on
\set QUIET on
\pset format unaligned
\pset tuples_only on
\set source `cat examples/source.support-tickets.json`
\set person `cat examples/person.john.json`
\set record `cat examples/support-ticket.record.json`

CREATE EXTENSION feedback;

-- A DBA creates an organization and an API key for it.
SELECT feedback.create_organization('Example Corp') AS org \gset
SELECT feedback.create_api_key(:org, 'quick start') AS api_key \gset
\echo '== organization' :org 'has the API key' :api_key '(shown only now)'

-- A client authenticates in each transaction, then makes its calls.
BEGIN;
SELECT feedback.authenticate(:'api_key') AS tenant \gset

\echo
\echo '== 1. Create a feedback source (POST /v3/rest/feedback-sources)'
\echo :source
SELECT feedback.create_source(:'source') AS response \gset
SELECT jsonb_pretty(:'response');
SELECT (:'response'::jsonb)->>'id' AS source_id \gset

\echo
\echo '== 2. Create or update a person (PUT /v3/rest/people)'
\echo :person
SELECT feedback.put_person(:'person') AS response \gset
SELECT jsonb_pretty(:'response');
SELECT (:'response'::jsonb)->>'id' AS person_id \gset

\echo
SELECT format('== 3. Ingest a feedback record (POST /v3/rest/feedback-sources/%s/records), with "person_id": %s',
	:source_id, :person_id) AS step \gset
\echo :step
\echo :record
SELECT jsonb_pretty(feedback.ingest_record(:source_id,
	(:'record'::jsonb || jsonb_build_object('person_id', :person_id))::json));

\echo
\echo '== 4. The same record again: de-duplicated by external_id (on_conflict => ignore)'
SELECT jsonb_pretty(jsonb_build_object('id', r->'id', 'created', r->'created'))
FROM feedback.ingest_record(:source_id, :'record', on_conflict => 'ignore') AS r;
COMMIT;

\echo
\echo '== what is stored'
\pset tuples_only off
\pset format aligned
SELECT id, source_id, person_id, external_id, display_ts, fields FROM feedback.records \gx
