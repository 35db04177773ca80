/*
 * registry.c - the field registry of each source, cached per backend
 *
 * The first record that uses a field name in a source fixes the field's
 * category and type (table feedback.source_fields).  Registry entries never
 * change once committed, so a backend may keep every entry it has seen; a
 * name it has not seen is looked up (and registered) in the table.  Entries
 * that this transaction added are not yet facts: if it, or a
 * subtransaction, aborts, the whole cache is dropped and rebuilt on demand.
 * So is it when source_fields is truncated, altered or dropped (relcache
 * invalidation).
 */
#include "glue.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "record.h"

#define REGISTRY_MAX_ENTRIES 100000	/* beyond this the cache starts over */

typedef struct RegistryKey
{
	int64		org_id;
	int64		source_id;
	char		name[FB_NAME_MAX_BYTES + 1];	/* zero-padded */
} RegistryKey;

typedef struct RegistryEntry
{
	RegistryKey key;
	FbCategory	category;
	FbType		type;
} RegistryEntry;

typedef struct RegistryContext
{
	int64		org_id;
	int64		source_id;
} RegistryContext;

static HTAB *registry = NULL;
static Oid	registry_relid = InvalidOid;

/* Register new names, then read back what the registry holds for them. */
static FbPlanSpec register_fields = {
	NULL,
	"INSERT INTO feedback.source_fields (org_id, source_id, name, category, type) "
	"SELECT s.org_id, s.id, u.name, u.category::feedback.field_category, u.type::feedback.field_type "
	"FROM feedback.sources s, ROWS FROM (pg_catalog.unnest($3::text[]), pg_catalog.unnest($4::text[]), pg_catalog.unnest($5::text[])) AS u(name, category, type) "
	"WHERE s.org_id = $1 AND s.id = $2 "
	"ON CONFLICT (org_id, source_id, name) DO NOTHING "
	"RETURNING name",
	5, {INT8OID, INT8OID, TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID}
};

/* Take back what a call registered for a record it did not store. */
static FbPlanSpec unregister_fields = {
	NULL,
	"DELETE FROM feedback.source_fields "
	"WHERE org_id = $1 AND source_id = $2 AND name = ANY ($3)",
	3, {INT8OID, INT8OID, TEXTARRAYOID}
};

static FbPlanSpec read_fields = {
	NULL,
	"SELECT name, category::text, type::text FROM feedback.source_fields "
	"WHERE org_id = $1 AND source_id = $2 AND name = ANY ($3)",
	3, {INT8OID, INT8OID, TEXTARRAYOID}
};

/* Drop every cached entry. */
void
fb_registry_forget(void)
{
	if (registry != NULL)
	{
		hash_destroy(registry);
		registry = NULL;
	}
	registry_relid = InvalidOid;
}

/* An aborted (sub)transaction may have registered entries: forget them. */
static void
registry_xact_callback(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
		fb_registry_forget();
}

static void
registry_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						  SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		fb_registry_forget();
}

/* source_fields was truncated, altered or dropped: forget everything. */
static void
registry_relcache_callback(Datum arg, Oid relid)
{
	if (registry != NULL && (relid == InvalidOid || relid == registry_relid))
		fb_registry_forget();
}

/* Register the callbacks (once per backend, from _PG_init). */
void
fb_registry_init(void)
{
	RegisterXactCallback(registry_xact_callback, NULL);
	RegisterSubXactCallback(registry_subxact_callback, NULL);
	CacheRegisterRelcacheCallback(registry_relcache_callback, (Datum) 0);
}

/* The cache, created on first use. */
static HTAB *
registry_table(void)
{
	if (registry == NULL)
	{
		HASHCTL		ctl;
		Oid			nsp = get_namespace_oid("feedback", false);

		registry_relid = get_relname_relid("source_fields", nsp);
		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(RegistryKey);
		ctl.entrysize = sizeof(RegistryEntry);
		registry = hash_create("feedback field registry", 256, &ctl,
							   HASH_ELEM | HASH_BLOBS);
	}
	return registry;
}

/* Fill a key; the name is zero-padded so keys compare as bytes. */
static void
registry_key(RegistryKey *key, int64 org_id, int64 source_id,
			 const char *name, size_t len)
{
	memset(key, 0, sizeof(*key));
	key->org_id = org_id;
	key->source_id = source_id;
	memcpy(key->name, name, Min(len, (size_t) FB_NAME_MAX_BYTES));
}

/* The core's registry lookup, answered from the cache. */
static bool
registry_lookup(void *context, const char *name, size_t len,
				FbCategory *category, FbType *type)
{
	RegistryContext *rc = context;
	RegistryKey key;
	RegistryEntry *entry;

	registry_key(&key, rc->org_id, rc->source_id, name, len);
	entry = hash_search(registry_table(), &key, HASH_FIND, NULL);
	if (entry == NULL)
		return false;
	*category = entry->category;
	*type = entry->type;
	return true;
}

/* Remember an entry read from the table. */
static void
registry_remember(int64 org_id, int64 source_id, const char *name,
				  const char *category, const char *type)
{
	RegistryKey key;
	RegistryEntry *entry;
	FbCategory c;
	FbType		t;

	if (!fb_category_parse(category, strlen(category), &c) ||
		!fb_type_parse(type, strlen(type), &t))
		elog(ERROR, "feedback: unknown category or type in source_fields");
	registry_key(&key, org_id, source_id, name, strlen(name));
	entry = hash_search(registry_table(), &key, HASH_ENTER, NULL);
	entry->category = c;
	entry->type = t;
}

/*
 * Make sure every field of a valid record is registered in the source, and
 * check it against the registry.  Names not in the cache are registered
 * (when new) and read back in two statements; the caller's transaction
 * undoes the registration if the record fails later; if the record is not
 * stored (an existing external_id), the caller passes *registered, the
 * names this call registered (NULL when none), to fb_registry_unregister.
 * Returns false when the source does not exist for this tenant; registry
 * mismatches are added to record->problems.  Must run inside SPI.
 */
bool
fb_registry_resolve(int64 org_id, int64 source_id, FbRecord *record,
					ArrayType **registered)
{
	RegistryContext rc = {org_id, source_id};
	Datum	   *names;
	Datum	   *categories;
	Datum	   *types;
	int			nmissing = 0;
	int			i;

	*registered = NULL;

	/* Start over when full, never in the middle of one record. */
	if (registry != NULL &&
		hash_get_num_entries(registry) + record->nfields > REGISTRY_MAX_ENTRIES)
		fb_registry_forget();

	names = palloc(sizeof(Datum) * record->nfields);
	categories = palloc(sizeof(Datum) * record->nfields);
	types = palloc(sizeof(Datum) * record->nfields);

	for (i = 0; i < record->nfields; i++)
	{
		FbRecordField *f = &record->fields[i];
		FbCategory	c;
		FbType		t;

		if (registry_lookup(&rc, f->name, f->name_len, &c, &t))
			continue;
		names[nmissing] = PointerGetDatum(cstring_to_text_with_len(f->name, f->name_len));
		categories[nmissing] = CStringGetTextDatum(fb_category_name(f->category));
		types[nmissing] = CStringGetTextDatum(fb_type_name(f->type));
		nmissing++;
	}

	if (nmissing > 0)
	{
		Datum		args[5];
		int			nrows;
		int			row;
		bool		isnull;

		args[0] = Int64GetDatum(org_id);
		args[1] = Int64GetDatum(source_id);
		args[2] = PointerGetDatum(construct_array(names, nmissing, TEXTOID, -1, false, TYPALIGN_INT));
		args[3] = PointerGetDatum(construct_array(categories, nmissing, TEXTOID, -1, false, TYPALIGN_INT));
		args[4] = PointerGetDatum(construct_array(types, nmissing, TEXTOID, -1, false, TYPALIGN_INT));
		nrows = fb_execute(&register_fields, args, NULL, false);
		if (nrows > 0)
		{
			Datum	   *inserted = palloc(sizeof(Datum) * nrows);

			for (row = 0; row < nrows; row++)
				inserted[row] = SPI_datumTransfer(fb_get_datum(row, 1, &isnull), false, -1);
			*registered = construct_array(inserted, nrows, TEXTOID, -1, false, TYPALIGN_INT);
		}

		nrows = fb_execute(&read_fields, args, NULL, false);
		if (nrows < nmissing)
			return false;		/* nothing could be registered: no such source */
		for (row = 0; row < nrows; row++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[row];
			TupleDesc	desc = SPI_tuptable->tupdesc;

			registry_remember(org_id, source_id,
							  SPI_getvalue(tuple, desc, 1),
							  SPI_getvalue(tuple, desc, 2),
							  SPI_getvalue(tuple, desc, 3));
		}
	}

	fb_record_check_registry(record, registry_lookup, &rc);
	return true;
}

/*
 * Take back the registry entries that this call registered (see
 * fb_registry_resolve) for a record that was not stored after all: only a
 * stored record fixes a name's category and type.  Must run inside SPI.
 */
void
fb_registry_unregister(int64 org_id, int64 source_id, ArrayType *registered)
{
	Datum		args[3];

	if (registered == NULL)
		return;
	args[0] = Int64GetDatum(org_id);
	args[1] = Int64GetDatum(source_id);
	args[2] = PointerGetDatum(registered);
	fb_execute(&unregister_fields, args, NULL, false);
	fb_registry_forget();		/* the cache had them as facts */
}
