-- Typed coercion (DESIGN.md section 4): every row of the table, accepted
-- values with their canonical form, rejected ones with their SQLSTATE.
SELECT test.reset();

SELECT feedback.create_organization('Acme') AS acme \gset

-- coerce(type, value): what a field of that type makes of a JSON value: its
-- canonical value as stored, or "SQLSTATE: message".
CREATE FUNCTION pg_temp.coerce(type text, value text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	r jsonb;
	state text;
	message text;
BEGIN
	r := feedback.ingest_record(1, format(
		'{"fields": [{"name": "v_%s", "category": "metadata", "type": "%s", "value": %s}]}',
		type, type, value)::json);
	RETURN (r->'fields'->0->'value')::text;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
	RETURN state || ': ' || message;
END
$$;

BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.create_source('{"name": "Coercion"}')->'id' AS source;

SELECT type, value, pg_temp.coerce(type, value) AS outcome
FROM (VALUES
	-- string: strings as they are; numbers and booleans as their JSON text
	('string', '"hello"'),
	('string', '"héllo ☃ \ud83d\ude00"'),
	('string', '"line\nbreak \"quoted\" back\\slash"'),
	('string', '""'),
	('string', '1.50'),
	('string', '-0'),
	('string', '1e3'),
	('string', 'true'),
	('string', 'false'),
	('string', 'null'),
	('string', '{"a": 1}'),
	('string', '["a"]'),
	('string', '"nul \u0000 inside"'),
	-- integer: int64, zero-fraction numbers, digit strings in range
	('integer', '42'),
	('integer', '-7'),
	('integer', '9223372036854775807'),
	('integer', '-9223372036854775808'),
	('integer', '9223372036854775808'),
	('integer', '-9223372036854775809'),
	('integer', '18446744073709551616'),
	('integer', '1.0'),
	('integer', '1e2'),
	('integer', '-2.50e1'),
	('integer', '1.5'),
	('integer', '1e-2'),
	('integer', '1e20'),
	('integer', '"123"'),
	('integer', '"+5"'),
	('integer', '"-007"'),
	('integer', '"9223372036854775808"'),
	('integer', '"12.0"'),
	('integer', '" 5"'),
	('integer', '""'),
	('integer', '"0x10"'),
	('integer', 'true'),
	('integer', '[1]'),
	-- float: finite numbers and numeric strings, shortest round-trip form
	('float', '0.82'),
	('float', '0.1'),
	('float', '3'),
	('float', '-0.0'),
	('float', '1e21'),
	('float', '1.7976931348623157e308'),
	('float', '5e-324'),
	('float', '0.30000000000000004'),
	('float', '"2.5"'),
	('float', '"-.5e1"'),
	('float', '1e400'),
	('float', '1e-400'),
	('float', '"NaN"'),
	('float', '"Infinity"'),
	('float', '"-inf"'),
	('float', '"1,5"'),
	('float', '"0x1p3"'),
	('float', '" 1"'),
	('float', 'false'),
	-- boolean: true/false, a few strings in any case, integers 0 and 1
	('boolean', 'true'),
	('boolean', 'false'),
	('boolean', '"TRUE"'),
	('boolean', '"f"'),
	('boolean', '"Yes"'),
	('boolean', '"no"'),
	('boolean', '"1"'),
	('boolean', '"0"'),
	('boolean', '1'),
	('boolean', '0'),
	('boolean', '2'),
	('boolean', '1.0'),
	('boolean', '"on"'),
	('boolean', '"y"'),
	('boolean', '[]'),
	-- date: YYYY-MM-DD, a real calendar day
	('date', '"2025-02-14"'),
	('date', '"2024-02-29"'),
	('date', '"2000-02-29"'),
	('date', '"0001-01-01"'),
	('date', '"9999-12-31"'),
	('date', '"2023-02-29"'),
	('date', '"1900-02-29"'),
	('date', '"2025-02-30"'),
	('date', '"2025-13-01"'),
	('date', '"2025-00-10"'),
	('date', '"0000-01-01"'),
	('date', '"2025-2-14"'),
	('date', '"14/02/2025"'),
	('date', '"2025-02-14T00:00:00Z"'),
	('date', '20250214'),
	('date', 'true'),
	-- datetime: ISO 8601 / RFC 3339 (to UTC), or Unix epoch seconds
	('datetime', '"2025-01-01T10:30:00Z"'),
	('datetime', '"2025-01-01T10:30:00z"'),
	('datetime', '"2025-01-01t10:30:00"'),
	('datetime', '"2025-01-01 10:30"'),
	('datetime', '"2025-01-01T10:30:00+05:30"'),
	('datetime', '"2025-01-01T10:30:00-0800"'),
	('datetime', '"2025-01-01T01:30:00+05"'),
	('datetime', '"2025-01-01T10:30:00.5Z"'),
	('datetime', '"2025-01-01T10:30:00.123456789Z"'),
	('datetime', '"2025-01-01T23:59:59.9999995Z"'),
	('datetime', '"2016-12-31T23:59:60Z"'),
	('datetime', '"2025-01-01T24:00:00Z"'),
	('datetime', '"2025-01-01"'),
	('datetime', '1736937912'),
	('datetime', '1736937912.0002'),
	('datetime', '-1.5'),
	('datetime', '0'),
	('datetime', '"2025-01-01T25:00:00Z"'),
	('datetime', '"2025-01-01T10:60:00Z"'),
	('datetime', '"2025-02-30T10:00:00Z"'),
	('datetime', '"2025-01-01T10:30:00+24:00"'),
	('datetime', '"yesterday"'),
	('datetime', '"2025-01-01T10:30:00 Z"'),
	('datetime', '"9999-12-31T23:59:59-01:00"'),
	('datetime', '1e20'),
	('datetime', '"1736937912"'),
	('datetime', 'true'),
	-- json: any JSON value, as it is
	('json', '{"replies": 2, "latest": "1736940001.000100", "nested": [1, 2.5, null]}'),
	('json', '["export", "performance"]'),
	('json', '"text"'),
	('json', '12.50'),
	('json', 'false'),
	('json', '{"a": "nul \u0000"}')
) AS t(type, value);

-- Sizes count the canonical form's bytes: 'é' is two bytes.
SET LOCAL feedback.max_field_bytes = 10;
SELECT value, pg_temp.coerce('string', value) AS outcome
FROM (VALUES ('"0123456789"'), ('"01234567890"'), ('"ééééé"'), ('"éééééé"'), ('12345678901')) AS t(value);
SELECT value, pg_temp.coerce('json', value) AS outcome
FROM (VALUES ('[1,2,3,4,5]'), ('[1,2,3,4,5,6]'), ('"12345678"'), ('"123456789"')) AS t(value);
RESET feedback.max_field_bytes;
-- The default limit is 10240 bytes.
SHOW feedback.max_field_bytes;
SELECT pg_temp.coerce('string', '"' || repeat('x', 10240) || '"') = '"' || repeat('x', 10240) || '"' AS at_limit;
SELECT pg_temp.coerce('string', '"' || repeat('x', 10241) || '"') AS over_limit;
SELECT pg_temp.coerce('string', '"' || repeat('é', 5121) || '"') AS multibyte_over_limit;
COMMIT;

-- The canonical values are what is stored.
SELECT fields->'v_datetime' AS stored FROM feedback.records WHERE fields ? 'v_datetime' ORDER BY id;
