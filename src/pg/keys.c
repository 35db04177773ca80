/*
 * keys.c - organizations, API keys, authentication and set_org
 *
 * A key is "fbk_" and 64 hex digits of pg_strong_random.  Only its SHA-256
 * hash is stored; authenticate() hashes what it is given and looks the
 * hash up through an index, so the cost does not depend on the key count.
 */
#include "glue.h"

#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#if PG_VERSION_NUM >= 140000
#include "common/cryptohash.h"
#else
#include "common/sha2.h"
#endif
#include "common/sha2.h"		/* PG_SHA256_DIGEST_LENGTH */


#define KEY_PREFIX "fbk_"
#define KEY_PREFIX_LEN 4
#define KEY_RANDOM_BYTES 32
#define KEY_LEN (KEY_PREFIX_LEN + 2 * KEY_RANDOM_BYTES)
#define KEY_SHOWN_PREFIX_LEN 12	/* stored to tell keys apart: "fbk_1a2b3c4d" */

static FbPlanSpec insert_org = {
	NULL,
	"INSERT INTO feedback.organizations (name) VALUES ($1) RETURNING id",
	1, {TEXTOID}
};

static FbPlanSpec insert_key = {
	NULL,
	"INSERT INTO feedback.api_keys (org_id, name, key_prefix, key_hash) "
	"SELECT o.id, $2, $3, $4 FROM feedback.organizations o WHERE o.id = $1 "
	"RETURNING id",
	4, {INT8OID, TEXTOID, TEXTOID, BYTEAOID}
};

static FbPlanSpec revoke_key = {
	NULL,
	"UPDATE feedback.api_keys SET revoked_at = COALESCE(revoked_at, pg_catalog.now()) "
	"WHERE id = $1 RETURNING org_id",
	1, {INT8OID}
};

static FbPlanSpec find_key = {
	NULL,
	"SELECT k.org_id, k.rate_limit_per_minute FROM feedback.api_keys k "
	"JOIN feedback.organizations o ON o.id = k.org_id "
	"WHERE k.key_hash = $1 AND k.revoked_at IS NULL",
	1, {BYTEAOID}
};

static FbPlanSpec find_org = {
	NULL,
	"SELECT id FROM feedback.organizations WHERE id = $1",
	1, {INT8OID}
};

/* SHA-256 of len bytes of data, as a bytea. */
static bytea *
key_hash(const char *data, size_t len)
{
	bytea	   *result = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	uint8	   *digest = (uint8 *) VARDATA(result);

#if PG_VERSION_NUM >= 140000
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);

	if (pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) data, len) < 0 ||
#if PG_VERSION_NUM >= 150000
		pg_cryptohash_final(ctx, digest, PG_SHA256_DIGEST_LENGTH) < 0)
#else
		pg_cryptohash_final(ctx, digest) < 0)
#endif
		elog(ERROR, "feedback: could not compute SHA-256");
	pg_cryptohash_free(ctx);
#else
	pg_sha256_ctx ctx;

	pg_sha256_init(&ctx);
	pg_sha256_update(&ctx, (const uint8 *) data, len);
	pg_sha256_final(&ctx, digest);
#endif
	SET_VARSIZE(result, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	return result;
}

/* A trimmed, non-empty name of at most 255 characters, or an error. */
static char *
checked_name(text *name, const char *what)
{
	char	   *s = text_to_cstring(name);
	char	   *end;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	if (*s == '\0')
		fb_raise(FB_ERR_INVALID, NULL, NULL, "%s name must not be empty", what);
	if (pg_mbstrlen(s) > 255)
		fb_raise(FB_ERR_TOO_LARGE, NULL, NULL,
				 "%s name is longer than 255 characters", what);
	return s;
}

PG_FUNCTION_INFO_V1(feedback_create_organization);

/* feedback.create_organization(name): a new tenant's id. */
Datum
feedback_create_organization(PG_FUNCTION_ARGS)
{
	Datum		values[1];
	int64		id;

	if (PG_ARGISNULL(0))
		fb_raise(FB_ERR_MISSING, NULL, NULL, "organization name is required");
	values[0] = CStringGetTextDatum(checked_name(PG_GETARG_TEXT_PP(0), "organization"));

	SPI_connect();
	fb_execute(&insert_org, values, NULL, false);
	id = fb_get_int64(0, 1);
	SPI_finish();

	PG_RETURN_INT64(id);
}

PG_FUNCTION_INFO_V1(feedback_create_api_key);

/* feedback.create_api_key(org_id, name): a new key, returned this once. */
Datum
feedback_create_api_key(PG_FUNCTION_ARGS)
{
	static const char hexdigits[] = "0123456789abcdef";
	uint8		random[KEY_RANDOM_BYTES];
	char		key[KEY_LEN + 1];
	Datum		values[4];
	char		nulls[4] = {' ', ' ', ' ', ' '};
	int			i;
	int64		org_id;

	if (PG_ARGISNULL(0))
		fb_raise(FB_ERR_MISSING, NULL, NULL, "organization id is required");
	org_id = PG_GETARG_INT64(0);

	if (!pg_strong_random(random, sizeof(random)))
		ereport(ERROR,
				errcode(ERRCODE_INTERNAL_ERROR),
				errmsg("could not generate a random API key"));
	memcpy(key, KEY_PREFIX, KEY_PREFIX_LEN);
	for (i = 0; i < KEY_RANDOM_BYTES; i++)
	{
		key[KEY_PREFIX_LEN + 2 * i] = hexdigits[random[i] >> 4];
		key[KEY_PREFIX_LEN + 2 * i + 1] = hexdigits[random[i] & 0xf];
	}
	key[KEY_LEN] = '\0';

	values[0] = Int64GetDatum(org_id);
	if (PG_ARGISNULL(1))
		nulls[1] = 'n';
	else
		values[1] = CStringGetTextDatum(checked_name(PG_GETARG_TEXT_PP(1), "key"));
	values[2] = PointerGetDatum(cstring_to_text_with_len(key, KEY_SHOWN_PREFIX_LEN));
	values[3] = PointerGetDatum(key_hash(key, KEY_LEN));

	SPI_connect();
	if (fb_execute(&insert_key, values, nulls, false) == 0)
		fb_raise(FB_ERR_NOT_FOUND, NULL, NULL,
				 "organization " INT64_FORMAT " not found", org_id);
	SPI_finish();

	explicit_bzero(random, sizeof(random));
	PG_RETURN_TEXT_P(cstring_to_text(key));
}

PG_FUNCTION_INFO_V1(feedback_revoke_api_key);

/* feedback.revoke_api_key(key_id): the key fails from the next request on. */
Datum
feedback_revoke_api_key(PG_FUNCTION_ARGS)
{
	Datum		values[1];
	int64		key_id;

	if (PG_ARGISNULL(0))
		fb_raise(FB_ERR_MISSING, NULL, NULL, "key id is required");
	key_id = PG_GETARG_INT64(0);
	values[0] = Int64GetDatum(key_id);

	SPI_connect();
	if (fb_execute(&revoke_key, values, NULL, false) == 0)
		fb_raise(FB_ERR_NOT_FOUND, NULL, NULL,
				 "api key " INT64_FORMAT " not found", key_id);
	SPI_finish();

	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(feedback_authenticate);

/*
 * feedback.authenticate(api_key): make the key's organization the tenant of
 * the current transaction.  Every failure reads the same, so a caller
 * learns nothing about which keys exist.
 */
Datum
feedback_authenticate(PG_FUNCTION_ARGS)
{
	text	   *key;
	const char *data;
	int			len;
	Datum		values[1];
	int64		org_id = 0;
	bytea	   *hash;
	int64		counter;
	int			limit_per_minute = 0;
	int			wait_seconds;
	bool		found;

	if (PG_ARGISNULL(0))
		fb_raise(FB_ERR_UNAUTHENTICATED, NULL, "Send the organization's API key.",
				 "api key is missing");

	/* Reject malformed keys before reading (or hashing) any more of them. */
	key = PG_GETARG_TEXT_PP(0);
	data = VARDATA_ANY(key);
	len = VARSIZE_ANY_EXHDR(key);
	if (len != KEY_LEN || memcmp(data, KEY_PREFIX, KEY_PREFIX_LEN) != 0)
		fb_raise(FB_ERR_UNAUTHENTICATED, NULL, NULL, "invalid api key");

	hash = key_hash(data, len);
	values[0] = PointerGetDatum(hash);
	SPI_connect();
	found = fb_execute(&find_key, values, NULL, true) > 0;
	if (found)
	{
		bool		isnull;
		Datum		limit;

		org_id = fb_get_int64(0, 1);
		limit = fb_get_datum(0, 2, &isnull);
		limit_per_minute = isnull ? fb_rate_limit_per_minute : DatumGetInt32(limit);
	}
	SPI_finish();

	if (!found)
		fb_raise(FB_ERR_UNAUTHENTICATED, NULL, NULL, "invalid api key");

	/*
	 * The limiter counts by the key's hash rather than its id: ids start
	 * again when the extension is re-created, hashes never repeat.
	 */
	memcpy(&counter, VARDATA(hash), sizeof(counter));
	if (counter == 0)
		counter = 1;			/* 0 marks an empty slot */
	wait_seconds = fb_ratelimit_take(counter, limit_per_minute);
	if (wait_seconds > 0)
		fb_raise_rate_limited(limit_per_minute, wait_seconds);

	fb_tenant_set(org_id);
	PG_RETURN_INT64(org_id);
}

PG_FUNCTION_INFO_V1(feedback_set_org);

/*
 * feedback.set_org(org_id): set the tenant directly, for trusted roles.
 * EXECUTE is granted to feedback_admin alone; the check here holds even if
 * a DBA grants it more widely by mistake.
 */
Datum
feedback_set_org(PG_FUNCTION_ARGS)
{
	Oid			admin = get_role_oid("feedback_admin", true);
	Datum		values[1];
	int64		org_id;
	bool		found;

	if (!OidIsValid(admin) || !has_privs_of_role(GetUserId(), admin))
		ereport(ERROR,
				errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				errmsg("permission denied to set the tenant"),
				errdetail("Only members of feedback_admin may call feedback.set_org."),
				errhint("API clients call feedback.authenticate(api_key)."));

	if (PG_ARGISNULL(0))
		fb_raise(FB_ERR_UNAUTHENTICATED, NULL, NULL, "organization id is required");
	org_id = PG_GETARG_INT64(0);
	values[0] = Int64GetDatum(org_id);

	SPI_connect();
	found = fb_execute(&find_org, values, NULL, true) > 0;
	SPI_finish();

	if (!found)
		fb_raise(FB_ERR_UNAUTHENTICATED, NULL, NULL,
				 "organization " INT64_FORMAT " does not exist", org_id);

	fb_tenant_set(org_id);
	PG_RETURN_INT64(org_id);
}
