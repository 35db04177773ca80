/*
 * people.c - feedback.put_person: PUT /people (create or update by e-mail)
 *
 * A person is found by trimmed, lower-cased e-mail address.  Members that
 * are absent or null keep their stored values.  The company is upserted by
 * its normalized domain, or by name when there is no domain.
 */
#include "glue.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"

#include "entity.h"

static FbPlanSpec upsert_company_by_domain = {
	NULL,
	"INSERT INTO feedback.companies AS c (org_id, name, domain) VALUES ($1, $2, $3) "
	"ON CONFLICT (org_id, domain) DO UPDATE "
	"SET name = excluded.name, updated_at = pg_catalog.now() "
	"WHERE excluded.name IS NOT NULL AND c.name IS DISTINCT FROM excluded.name "
	"RETURNING c.id",
	3, {INT8OID, TEXTOID, TEXTOID}
};

static FbPlanSpec find_company_by_domain = {
	NULL,
	"SELECT id FROM feedback.companies WHERE org_id = $1 AND domain = $3",
	3, {INT8OID, TEXTOID, TEXTOID}
};

/* A company named so, preferring one without a domain, else the oldest. */
static FbPlanSpec find_company_by_name = {
	NULL,
	"SELECT id FROM feedback.companies "
	"WHERE org_id = $1 AND pg_catalog.lower(name) = pg_catalog.lower($2) "
	"ORDER BY domain IS NULL DESC, id LIMIT 1",
	3, {INT8OID, TEXTOID, TEXTOID}
};

static FbPlanSpec insert_company_by_name = {
	NULL,
	"INSERT INTO feedback.companies (org_id, name) VALUES ($1, $2) "
	"ON CONFLICT (org_id, pg_catalog.lower(name)) WHERE domain IS NULL DO NOTHING "
	"RETURNING id",
	3, {INT8OID, TEXTOID, TEXTOID}
};

static FbPlanSpec upsert_person = {
	NULL,
	"INSERT INTO feedback.people AS p (org_id, email, first_name, last_name, boundary, company_id) "
	"VALUES ($1, $2, $3, $4, $5, $6) "
	"ON CONFLICT (org_id, email) DO UPDATE SET "
	"first_name = COALESCE(excluded.first_name, p.first_name), "
	"last_name = COALESCE(excluded.last_name, p.last_name), "
	"boundary = COALESCE(excluded.boundary, p.boundary), "
	"company_id = COALESCE(excluded.company_id, p.company_id), "
	"updated_at = pg_catalog.now() "
	"WHERE (p.first_name, p.last_name, p.boundary, p.company_id) IS DISTINCT FROM "
	"(COALESCE(excluded.first_name, p.first_name), "
	" COALESCE(excluded.last_name, p.last_name), "
	" COALESCE(excluded.boundary, p.boundary), "
	" COALESCE(excluded.company_id, p.company_id)) "
	"RETURNING feedback.person_json(p), (p.xmax = 0) AS created",
	6, {INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT8OID}
};

static FbPlanSpec find_person = {
	NULL,
	"SELECT feedback.person_json(p), false AS created FROM feedback.people p WHERE p.org_id = $1 AND p.email = $2",
	2, {INT8OID, TEXTOID}
};

/* Free the parsed body, also when an error unwinds the call. */
static void
person_cleanup(void *arg)
{
	fb_person_body_free((FbPersonBody *) arg);
}

/* A text argument, or a NULL one. */
static void
set_text_arg(Datum *values, char *nulls, int i, const char *s)
{
	if (s == NULL)
		nulls[i] = 'n';
	else
	{
		values[i] = CStringGetTextDatum(s);
		nulls[i] = ' ';
	}
}

/*
 * The id of the body's company, upserted by domain or found (else created)
 * by name.  Runs inside SPI.
 */
static int64
upsert_company(int64 org_id, const FbPersonBody *body)
{
	Datum		args[3];
	char		nulls[3] = {' ', ' ', ' '};
	int			attempt;

	args[0] = Int64GetDatum(org_id);
	set_text_arg(args, nulls, 1, body->company_name);
	set_text_arg(args, nulls, 2, body->company_domain);

	for (attempt = 0; attempt < 3; attempt++)
	{
		if (body->company_domain != NULL)
		{
			if (fb_execute(&upsert_company_by_domain, args, nulls, false) == 1 ||
				fb_execute(&find_company_by_domain, args, nulls, false) == 1)
				return fb_get_int64(0, 1);
		}
		else
		{
			if (fb_execute(&find_company_by_name, args, nulls, false) == 1 ||
				fb_execute(&insert_company_by_name, args, nulls, false) == 1)
				return fb_get_int64(0, 1);
		}
	}
	elog(ERROR, "feedback: company kept conflicting and disappearing; try again");
}

/*
 * Create or update a person from a body: the work of put_person and its
 * HTTP call.  *created tells whether the person is new.
 */
Datum
fb_put_person(Datum body_datum, bool *created)
{
	int64		org_id = fb_tenant_require();
	FbPersonBody *body;
	const char *data;
	int			len;
	Datum		args[6];
	char		nulls[6] = {' ', ' ', ' ', ' ', ' ', ' '};
	Datum		result = (Datum) 0;
	bool		isnull;
	int			attempt;

	body = palloc0(sizeof(FbPersonBody));
	fb_person_body_init(body);
	fb_free_on_reset(person_cleanup, body);

	fb_json_body_text(body_datum, &data, &len);
	if (!fb_person_body_parse(body, data, (size_t) len))
		fb_raise_problems(&body->problems);

	SPI_connect();

	args[0] = Int64GetDatum(org_id);
	set_text_arg(args, nulls, 1, body->email);
	set_text_arg(args, nulls, 2, body->first_name);
	set_text_arg(args, nulls, 3, body->last_name);
	set_text_arg(args, nulls, 4, body->boundary);
	if (body->has_company)
		args[5] = Int64GetDatum(upsert_company(org_id, body));
	else
		nulls[5] = 'n';

	for (attempt = 0; attempt < 3; attempt++)
	{
		if (fb_execute(&upsert_person, args, nulls, false) == 1 ||
			fb_execute(&find_person, args, nulls, false) == 1)
		{
			result = SPI_datumTransfer(fb_get_datum(0, 1, &isnull), false, -1);
			*created = DatumGetBool(fb_get_datum(0, 2, &isnull));
			break;
		}
	}
	if (attempt == 3)
		elog(ERROR, "feedback: person kept conflicting and disappearing; try again");
	SPI_finish();

	fb_person_body_free(body);
	return result;
}

PG_FUNCTION_INFO_V1(feedback_put_person);

/* feedback.put_person(body): the person after the upsert. */
Datum
feedback_put_person(PG_FUNCTION_ARGS)
{
	bool		created;

	fb_tenant_require();
	if (PG_ARGISNULL(0))
		fb_raise(FB_ERR_MISSING, NULL, NULL, "person body is required");
	PG_RETURN_DATUM(fb_put_person(PG_GETARG_DATUM(0), &created));
}
