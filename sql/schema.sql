-- The data model's rules, checked on the catalog: every tenant table carries
-- org_id, every primary, unique and foreign key (and unique index) leads
-- with it, and no table has triggers (so tables can be distributed by
-- tenant with Citus), and pg_dump keeps every table and sequence.
SELECT test.reset();

-- Tables of the extension, and whether each has org_id.
SELECT c.relname AS table_name,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id') AS has_org_id
FROM pg_class c
WHERE c.relnamespace = 'feedback'::regnamespace AND c.relkind = 'r'
ORDER BY 1;

-- Constraints and unique indexes whose first column is not org_id (organizations is the tenant itself).
SELECT conrelid::regclass AS table_name, conname, contype
FROM pg_constraint
WHERE connamespace = 'feedback'::regnamespace AND contype IN ('p', 'u', 'f')
  AND conrelid <> 'feedback.organizations'::regclass
  AND (SELECT attname FROM pg_attribute WHERE attrelid = conrelid AND attnum = conkey[1]) <> 'org_id';
SELECT indexrelid::regclass AS index_name
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relnamespace = 'feedback'::regnamespace AND i.indisunique
  AND i.indrelid <> 'feedback.organizations'::regclass
  AND (i.indkey[0] = 0 OR (SELECT attname FROM pg_attribute WHERE attrelid = i.indrelid AND attnum = i.indkey[0]) <> 'org_id');
-- Foreign keys between tenant tables carry org_id on both sides.
SELECT conrelid::regclass AS table_name, confrelid::regclass AS references_table,
       (SELECT array_agg(attname ORDER BY k.n) FROM unnest(conkey) WITH ORDINALITY k(att, n)
          JOIN pg_attribute ON attrelid = conrelid AND attnum = k.att) AS columns
FROM pg_constraint
WHERE connamespace = 'feedback'::regnamespace AND contype = 'f'
ORDER BY 1, 2, 3;

-- No triggers (Citus rejects them on distributed tables): validation lives in functions.
SELECT count(*) AS triggers FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE c.relnamespace = 'feedback'::regnamespace AND NOT t.tgisinternal;

-- pg_dump keeps every table's data and every id sequence.
SELECT c.relname, c.relkind
FROM pg_class c
WHERE c.relnamespace = 'feedback'::regnamespace AND c.relkind IN ('r', 'S')
  AND c.oid <> ALL ((SELECT extconfig FROM pg_extension WHERE extname = 'feedback')::oid[])
ORDER BY 1;

-- The two enums.
SELECT enum_range(NULL::feedback.field_category) AS categories, enum_range(NULL::feedback.field_type) AS types;
