/* feedback--0.1.0.sql: the data model and SQL API of feedback (DESIGN.md sections 2 and 3) */

\echo Use "CREATE EXTENSION feedback" to load this file. \quit

-- ---------------------------------------------------------------------------
-- Roles (cluster-wide, so they may exist already from another database):
--   feedback_api    what API clients and PostgREST's anon role get: the resource
--                   functions, authenticate and current_org, nothing else
--   feedback_admin  organizations, API keys and set_org; also feedback_api
--   feedback_owner  owns the resource functions, which run as it (SECURITY
--                   DEFINER) and so under row-level security; never log in as it

DO $$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['feedback_api', 'feedback_admin', 'feedback_owner'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
			EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', r);
		END IF;
	END LOOP;
END
$$;

-- ---------------------------------------------------------------------------
-- Types

CREATE TYPE @extschema@.field_category AS ENUM
	('content', 'created_at', 'identifier', 'identity', 'metadata');
COMMENT ON TYPE @extschema@.field_category IS 'What a field of a record is: the feedback itself, a timestamp, a reference, an identity or metadata.';

CREATE TYPE @extschema@.field_type AS ENUM
	('boolean', 'date', 'datetime', 'float', 'integer', 'json', 'string');
COMMENT ON TYPE @extschema@.field_type IS 'The type that a field''s values are validated and coerced to.';

-- ---------------------------------------------------------------------------
-- Tables.  Every tenant table carries org_id; primary, unique and foreign
-- keys lead with it, so the tables can be distributed by tenant (Citus).
-- Ids come from one sequence per table, registered for pg_dump.

CREATE SEQUENCE @extschema@.organizations_id_seq;
CREATE TABLE @extschema@.organizations (
	id			bigint NOT NULL DEFAULT pg_catalog.nextval('@extschema@.organizations_id_seq'),
	name		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (id),
	CONSTRAINT organizations_name_check CHECK (pg_catalog.length(name) BETWEEN 1 AND 255)
);
ALTER SEQUENCE @extschema@.organizations_id_seq OWNED BY @extschema@.organizations.id;
COMMENT ON TABLE @extschema@.organizations IS 'Tenants: every other table belongs to one organization.';

CREATE SEQUENCE @extschema@.api_keys_id_seq;
CREATE TABLE @extschema@.api_keys (
	org_id		bigint NOT NULL REFERENCES @extschema@.organizations (id) ON DELETE CASCADE,
	id			bigint NOT NULL DEFAULT pg_catalog.nextval('@extschema@.api_keys_id_seq'),
	name		text,
	key_prefix	text NOT NULL,
	key_hash	bytea NOT NULL,
	rate_limit_per_minute integer,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	revoked_at	timestamptz,
	PRIMARY KEY (org_id, id),
	CONSTRAINT api_keys_rate_limit_check CHECK (rate_limit_per_minute > 0),
	CONSTRAINT api_keys_hash_check CHECK (pg_catalog.length(key_hash) = 32)
);
ALTER SEQUENCE @extschema@.api_keys_id_seq OWNED BY @extschema@.api_keys.id;
CREATE INDEX api_keys_key_hash_idx ON @extschema@.api_keys (key_hash);
COMMENT ON TABLE @extschema@.api_keys IS 'API keys of organizations: only a SHA-256 hash of each key is kept.';

CREATE SEQUENCE @extschema@.sources_id_seq;
CREATE TABLE @extschema@.sources (
	org_id		bigint NOT NULL REFERENCES @extschema@.organizations (id) ON DELETE CASCADE,
	id			bigint NOT NULL DEFAULT pg_catalog.nextval('@extschema@.sources_id_seq'),
	name		text NOT NULL,
	type		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	updated_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (org_id, id)
);
ALTER SEQUENCE @extschema@.sources_id_seq OWNED BY @extschema@.sources.id;
CREATE UNIQUE INDEX sources_name_key ON @extschema@.sources (org_id, pg_catalog.lower(name));
COMMENT ON TABLE @extschema@.sources IS 'Feedback sources ("Support Tickets", "NPS Survey"); names are unique per organization, case-insensitively.';

CREATE TABLE @extschema@.source_fields (
	org_id		bigint NOT NULL,
	source_id	bigint NOT NULL,
	name		text NOT NULL,
	category	@extschema@.field_category NOT NULL,
	type		@extschema@.field_type NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (org_id, source_id, name),
	FOREIGN KEY (org_id, source_id) REFERENCES @extschema@.sources (org_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.source_fields IS 'The field registry: the first record that uses a field name in a source fixes its category and type.';

CREATE SEQUENCE @extschema@.companies_id_seq;
CREATE TABLE @extschema@.companies (
	org_id		bigint NOT NULL REFERENCES @extschema@.organizations (id) ON DELETE CASCADE,
	id			bigint NOT NULL DEFAULT pg_catalog.nextval('@extschema@.companies_id_seq'),
	name		text,
	domain		text,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	updated_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (org_id, id),
	CONSTRAINT companies_domain_key UNIQUE (org_id, domain),
	CONSTRAINT companies_name_or_domain CHECK (name IS NOT NULL OR domain IS NOT NULL)
);
ALTER SEQUENCE @extschema@.companies_id_seq OWNED BY @extschema@.companies.id;
-- Companies without a domain are identified by their name, case-insensitively.
CREATE UNIQUE INDEX companies_name_key ON @extschema@.companies (org_id, pg_catalog.lower(name))
	WHERE domain IS NULL;
COMMENT ON TABLE @extschema@.companies IS 'Companies of people, identified by domain (or by name when there is none).';

CREATE SEQUENCE @extschema@.people_id_seq;
CREATE TABLE @extschema@.people (
	org_id		bigint NOT NULL REFERENCES @extschema@.organizations (id) ON DELETE CASCADE,
	id			bigint NOT NULL DEFAULT pg_catalog.nextval('@extschema@.people_id_seq'),
	email		text NOT NULL,
	first_name	text,
	last_name	text,
	boundary	text,
	company_id	bigint,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	updated_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (org_id, id),
	CONSTRAINT people_email_key UNIQUE (org_id, email),
	CONSTRAINT people_email_normalized CHECK (email = pg_catalog.lower(pg_catalog.btrim(email))),
	CONSTRAINT people_boundary_check CHECK (boundary IN ('internal', 'external')),
	FOREIGN KEY (org_id, company_id) REFERENCES @extschema@.companies (org_id, id)
);
ALTER SEQUENCE @extschema@.people_id_seq OWNED BY @extschema@.people.id;
CREATE INDEX people_company_idx ON @extschema@.people (org_id, company_id);
COMMENT ON TABLE @extschema@.people IS 'People who give feedback; one per e-mail address (trimmed, lower-case) in an organization.';

CREATE SEQUENCE @extschema@.records_id_seq;
CREATE TABLE @extschema@.records (
	org_id		bigint NOT NULL,
	id			bigint NOT NULL DEFAULT pg_catalog.nextval('@extschema@.records_id_seq'),
	source_id	bigint NOT NULL,
	person_id	bigint,
	external_id	text,
	display_ts	timestamptz NOT NULL,
	fields		jsonb NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	updated_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (org_id, id),
	-- NULLs are distinct: only records with an external_id are de-duplicated.
	CONSTRAINT records_external_id_key UNIQUE (org_id, source_id, external_id),
	CONSTRAINT records_fields_object CHECK (pg_catalog.jsonb_typeof(fields) = 'object'),
	FOREIGN KEY (org_id, source_id) REFERENCES @extschema@.sources (org_id, id) ON DELETE CASCADE,
	FOREIGN KEY (org_id, person_id) REFERENCES @extschema@.people (org_id, id)
);
ALTER SEQUENCE @extschema@.records_id_seq OWNED BY @extschema@.records.id;
CREATE INDEX records_display_ts_idx ON @extschema@.records (org_id, source_id, display_ts);
CREATE INDEX records_person_idx ON @extschema@.records (org_id, person_id) WHERE person_id IS NOT NULL;
COMMENT ON TABLE @extschema@.records IS 'Feedback records; fields maps each field name to its canonical value (categories and types live in source_fields).';

-- pg_dump keeps user data and the id counters.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.organizations', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.organizations_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.api_keys', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.api_keys_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.sources', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.sources_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.source_fields', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.companies', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.companies_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.people', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.people_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.records', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.records_id_seq', '');

-- ---------------------------------------------------------------------------
-- Organizations, API keys and the tenant

CREATE FUNCTION @extschema@.create_organization(name text)
RETURNS bigint
AS 'MODULE_PATHNAME', 'feedback_create_organization'
LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.create_organization(text) IS 'Create an organization (a tenant) and return its id.';

CREATE FUNCTION @extschema@.create_api_key(org_id bigint, name text DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'feedback_create_api_key'
LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.create_api_key(bigint, text) IS 'Create an API key for an organization and return it; it is shown only this once.';

CREATE FUNCTION @extschema@.revoke_api_key(key_id bigint)
RETURNS void
AS 'MODULE_PATHNAME', 'feedback_revoke_api_key'
LANGUAGE C VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.revoke_api_key(bigint) IS 'Revoke an API key; requests with it fail from the next one on.';

CREATE FUNCTION @extschema@.authenticate(api_key text)
RETURNS bigint
AS 'MODULE_PATHNAME', 'feedback_authenticate'
LANGUAGE C VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.authenticate(text) IS 'Set the tenant of the current transaction from an API key; returns the organization id.';

CREATE FUNCTION @extschema@.set_org(org_id bigint)
RETURNS bigint
AS 'MODULE_PATHNAME', 'feedback_set_org'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.set_org(bigint) IS 'Set the tenant of the current transaction directly (trusted roles only).';

CREATE FUNCTION @extschema@.current_org()
RETURNS bigint
AS 'MODULE_PATHNAME', 'feedback_current_org'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.current_org() IS 'The tenant of the current transaction, or NULL.';

-- ---------------------------------------------------------------------------
-- Response bodies.  Timestamps are UTC in ISO 8601 ("2025-01-01T12:00:00Z").

CREATE FUNCTION @extschema@.iso8601(ts timestamptz)
RETURNS text
AS 'MODULE_PATHNAME', 'feedback_iso8601'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.iso8601(timestamptz) IS 'A timestamp as UTC ISO 8601 text, with microseconds only when there are any.';

CREATE FUNCTION @extschema@.source_json(s @extschema@.sources)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT pg_catalog.jsonb_build_object(
		'id', s.id, 'name', s.name, 'type', s.type,
		'created_at', @extschema@.iso8601(s.created_at))
$$;
COMMENT ON FUNCTION @extschema@.source_json(@extschema@.sources) IS 'The API representation of a source.';

CREATE FUNCTION @extschema@.person_json(p @extschema@.people)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT pg_catalog.jsonb_build_object(
		'id', p.id, 'first_name', p.first_name, 'last_name', p.last_name,
		'email', p.email, 'boundary', p.boundary, 'company_id', p.company_id,
		'created_at', @extschema@.iso8601(p.created_at),
		'updated_at', @extschema@.iso8601(p.updated_at))
$$;
COMMENT ON FUNCTION @extschema@.person_json(@extschema@.people) IS 'The API representation of a person.';

CREATE FUNCTION @extschema@.record_json(r @extschema@.records, created boolean DEFAULT false)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT pg_catalog.jsonb_build_object(
		'id', r.id, 'source_id', r.source_id, 'person_id', r.person_id,
		'external_id', r.external_id,
		'display_ts', @extschema@.iso8601(r.display_ts),
		'fields', (SELECT COALESCE(pg_catalog.jsonb_agg(
						pg_catalog.jsonb_build_object('name', f.key, 'category', sf.category,
													  'type', sf.type, 'value', f.value)
						ORDER BY f.key COLLATE "C"), '[]'::jsonb)
				   FROM pg_catalog.jsonb_each(r.fields) AS f
				   LEFT JOIN @extschema@.source_fields AS sf
					 ON sf.org_id = r.org_id AND sf.source_id = r.source_id AND sf.name = f.key),
		'created_at', @extschema@.iso8601(r.created_at),
		'updated_at', @extschema@.iso8601(r.updated_at),
		'created', created)
$$;
COMMENT ON FUNCTION @extschema@.record_json(@extschema@.records, boolean) IS 'The API representation of a record: its fields in name order, each with its registered category and type.';

-- ---------------------------------------------------------------------------
-- Resource functions: a JSON body in, the JSON response body out.

CREATE FUNCTION @extschema@.create_source(body json)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'feedback_create_source'
LANGUAGE C VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.create_source(json) IS 'POST /feedback-sources: create a feedback source of the current tenant.';

CREATE FUNCTION @extschema@.put_person(body json)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'feedback_put_person'
LANGUAGE C VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.put_person(json) IS 'PUT /people: create or update a person by e-mail address; absent or null members keep their stored values.';

CREATE FUNCTION @extschema@.ingest_record(source_id bigint, body json, on_conflict text DEFAULT 'error')
RETURNS jsonb
AS 'MODULE_PATHNAME', 'feedback_ingest_record'
LANGUAGE C VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.ingest_record(bigint, json, text) IS 'POST /feedback-sources/{id}/records: validate, coerce and store a record; on_conflict (error, update or ignore) says what an existing external_id does.';

-- ---------------------------------------------------------------------------
-- Row-level security: a tenant sees and writes only its own rows.  Another
-- tenant's row behaves exactly as a missing one.

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['api_keys', 'sources', 'source_fields', 'companies', 'people', 'records'] LOOP
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('CREATE POLICY tenant_isolation ON @extschema@.%I '
								  'USING (org_id = @extschema@.current_org()) '
								  'WITH CHECK (org_id = @extschema@.current_org())', t);
	END LOOP;
END
$$;

-- ---------------------------------------------------------------------------
-- Privileges.  Nothing is granted to PUBLIC.

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON TYPE @extschema@.field_category, @extschema@.field_type FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON SCHEMA @extschema@ FROM PUBLIC;

GRANT USAGE ON SCHEMA @extschema@ TO feedback_api, feedback_admin, feedback_owner;

-- feedback_api: the resource functions, authenticate and current_org.
GRANT EXECUTE ON FUNCTION
	@extschema@.authenticate(text),
	@extschema@.current_org(),
	@extschema@.create_source(json),
	@extschema@.put_person(json),
	@extschema@.ingest_record(bigint, json, text)
	TO feedback_api;

-- feedback_admin: tenants and keys, and reading (its current tenant's) data.
GRANT feedback_api TO feedback_admin;
GRANT EXECUTE ON FUNCTION
	@extschema@.create_organization(text),
	@extschema@.create_api_key(bigint, text),
	@extschema@.revoke_api_key(bigint),
	@extschema@.set_org(bigint),
	@extschema@.current_org(),
	@extschema@.iso8601(timestamptz),
	@extschema@.source_json(@extschema@.sources),
	@extschema@.person_json(@extschema@.people),
	@extschema@.record_json(@extschema@.records, boolean)
	TO feedback_admin;
GRANT USAGE ON TYPE @extschema@.field_category, @extschema@.field_type TO feedback_admin, feedback_owner;
GRANT SELECT ON ALL TABLES IN SCHEMA @extschema@ TO feedback_admin;

-- feedback_owner: what the resource functions do, under row-level security.
GRANT SELECT, INSERT, UPDATE ON
	@extschema@.sources, @extschema@.source_fields, @extschema@.companies,
	@extschema@.people, @extschema@.records
	TO feedback_owner;
-- the registry entries of a record that was not stored after all (ignored)
GRANT DELETE ON @extschema@.source_fields TO feedback_owner;
GRANT USAGE ON
	@extschema@.sources_id_seq, @extschema@.companies_id_seq,
	@extschema@.people_id_seq, @extschema@.records_id_seq
	TO feedback_owner;
GRANT EXECUTE ON FUNCTION
	@extschema@.current_org(),
	@extschema@.iso8601(timestamptz),
	@extschema@.source_json(@extschema@.sources),
	@extschema@.person_json(@extschema@.people),
	@extschema@.record_json(@extschema@.records, boolean)
	TO feedback_owner;
ALTER FUNCTION @extschema@.create_source(json) OWNER TO feedback_owner;
ALTER FUNCTION @extschema@.put_person(json) OWNER TO feedback_owner;
ALTER FUNCTION @extschema@.ingest_record(bigint, json, text) OWNER TO feedback_owner;

-- ---------------------------------------------------------------------------
-- HTTP: schema feedback_api, what PostgREST exposes (db-schemas).  Views for
-- GET, one function per write, and the pre-request function.  The COMMENTs
-- become PostgREST's OpenAPI description.

CREATE SCHEMA feedback_api;
COMMENT ON SCHEMA feedback_api IS
'Feedback ingestion API

Sources, people and records with typed fields. Every request carries the organization''s API key in the header X-Api-Key.';

-- The views show the current tenant's rows only (their owner is not subject
-- to row-level security, so they filter themselves).
CREATE VIEW feedback_api."feedback-sources" WITH (security_barrier) AS
	SELECT s.id, s.name, s.type, s.created_at, s.updated_at
	FROM @extschema@.sources s
	WHERE s.org_id = @extschema@.current_org();
COMMENT ON VIEW feedback_api."feedback-sources" IS
'Feedback sources

Where feedback comes from ("Customer Support Tickets", "NPS Survey"). Create one with POST /rpc/create_source.';
COMMENT ON COLUMN feedback_api."feedback-sources".id IS 'The source id, as in POST /feedback-sources/{id}/records.';
COMMENT ON COLUMN feedback_api."feedback-sources".name IS 'Unique per organization, ignoring case.';
COMMENT ON COLUMN feedback_api."feedback-sources".type IS 'The kind of source, e.g. api.';

CREATE VIEW feedback_api.people WITH (security_barrier) AS
	SELECT p.id, p.email, p.first_name, p.last_name, p.boundary, p.company_id, p.created_at, p.updated_at
	FROM @extschema@.people p
	WHERE p.org_id = @extschema@.current_org();
COMMENT ON VIEW feedback_api.people IS
'People

The people who give feedback, one per e-mail address. Create or update one with POST /rpc/put_person.';
COMMENT ON COLUMN feedback_api.people.email IS 'Trimmed and lower-cased; unique per organization.';
COMMENT ON COLUMN feedback_api.people.boundary IS 'internal or external.';
COMMENT ON COLUMN feedback_api.people.company_id IS 'The person''s company (see companies).';

CREATE VIEW feedback_api.companies WITH (security_barrier) AS
	SELECT c.id, c.name, c.domain, c.created_at, c.updated_at
	FROM @extschema@.companies c
	WHERE c.org_id = @extschema@.current_org();
COMMENT ON VIEW feedback_api.companies IS
'Companies

Companies of people, identified by domain (or by name when there is none).';
COMMENT ON COLUMN feedback_api.companies.domain IS 'Lower-case host name, without scheme or path.';

CREATE VIEW feedback_api.records WITH (security_barrier) AS
	SELECT r.id, r.source_id, r.person_id, r.external_id, r.display_ts, r.fields, r.created_at, r.updated_at
	FROM @extschema@.records r
	WHERE r.org_id = @extschema@.current_org();
COMMENT ON VIEW feedback_api.records IS
'Feedback records

Filter by source_id, person_id, display_ts ranges or a field value (fields->>priority=eq.high); page with order=id and id=gt.<last id>. Ingest with POST /rpc/ingest_record.';
COMMENT ON COLUMN feedback_api.records.external_id IS 'The sender''s id of the record, unique per source.';
COMMENT ON COLUMN feedback_api.records.display_ts IS 'When the feedback was given.';
COMMENT ON COLUMN feedback_api.records.fields IS 'Field name to canonical value; categories and types are fixed per source by the first record that uses a name.';

CREATE FUNCTION feedback_api.create_source(json)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'feedback_api_create_source'
LANGUAGE C VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION feedback_api.create_source(json) IS
'Create a feedback source

Body: {"name": "Customer Support Tickets", "type": "api"}. 201 with the source; 409 when the name is taken.';

CREATE FUNCTION feedback_api.put_person(json)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'feedback_api_put_person'
LANGUAGE C VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION feedback_api.put_person(json) IS
'Create or update a person

Body: {"email", "first_name", "last_name", "boundary", "company": {"name", "domain"}}; found by e-mail address, absent or null members keep their values. 201 when created, 200 when updated.';

CREATE FUNCTION feedback_api.ingest_record(json)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'feedback_api_ingest_record'
LANGUAGE C VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION feedback_api.ingest_record(json) IS
'Ingest a feedback record

Body: {"fields": [{"name", "category", "type", "value"}], "external_id", "display_ts", "person_id"}; the source comes from the header X-Feedback-Source-Id or a source_id member. An existing external_id is 409 unless Prefer: resolution=merge-duplicates (update) or resolution=ignore-duplicates (keep). 201 when created, 200 otherwise.';

CREATE FUNCTION feedback_api.pre_request()
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	-- errors from here on are PostgREST's kind, with HTTP status and headers
	PERFORM pg_catalog.set_config('feedback.error_format', 'postgrest', true);
	PERFORM @extschema@.authenticate(
		NULLIF(pg_catalog.current_setting('request.headers', true), '')::json ->> 'x-api-key');
END
$$;
COMMENT ON FUNCTION feedback_api.pre_request() IS
'Authenticate a request by its X-Api-Key header and count it against the key''s rate limit (PostgREST''s db-pre-request).';

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA feedback_api FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA feedback_api FROM PUBLIC;
REVOKE ALL ON SCHEMA feedback_api FROM PUBLIC;
GRANT USAGE ON SCHEMA feedback_api TO feedback_api, feedback_owner;
GRANT SELECT ON ALL TABLES IN SCHEMA feedback_api TO feedback_api;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA feedback_api TO feedback_api;
ALTER FUNCTION feedback_api.create_source(json) OWNER TO feedback_owner;
ALTER FUNCTION feedback_api.put_person(json) OWNER TO feedback_owner;
ALTER FUNCTION feedback_api.ingest_record(json) OWNER TO feedback_owner;
