/*
 * tenant.c - the tenant (organization) of the current transaction
 *
 * The tenant lives here, in backend memory, and nowhere a user can write:
 * no GUC holds it, so SET and set_config cannot forge it.  Only
 * authenticate() and set_org() set it.  It is cleared when the top-level
 * transaction ends, so a pooled connection never carries it into the next
 * transaction, and a subtransaction that rolls back takes back what it set.
 */
#include "glue.h"

#include "access/xact.h"
#include "utils/memutils.h"

/* A value the tenant had before a subtransaction changed it. */
typedef struct SavedTenant
{
	int64		org_id;			/* 0 = none */
	int			nest_level;		/* the level that value was set at */
	struct SavedTenant *next;
} SavedTenant;

static int64 tenant_org = 0;	/* 0 = no tenant (ids start at 1) */
static int	tenant_level = 0;	/* transaction nest level that set it */
static SavedTenant *saved = NULL;	/* in TopTransactionContext */

/* Forget the tenant entirely: the top-level transaction is over. */
static void
tenant_clear(void)
{
	tenant_org = 0;
	tenant_level = 0;
	saved = NULL;				/* its memory goes with the transaction */
}

/* Clear the tenant at the end of every top-level transaction. */
static void
tenant_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_PREPARE:
			tenant_clear();
			break;
		default:
			break;
	}
}

/*
 * A subtransaction that aborts takes back what it set; one that commits
 * hands its value to its parent.
 */
static void
tenant_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						SubTransactionId parentSubid, void *arg)
{
	int			level = GetCurrentTransactionNestLevel();

	if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		while (tenant_level >= level)
		{
			if (saved == NULL)
			{
				tenant_org = 0;
				tenant_level = 0;
				break;
			}
			tenant_org = saved->org_id;
			tenant_level = saved->nest_level;
			saved = saved->next;
		}
	}
	else if (event == SUBXACT_EVENT_COMMIT_SUB && tenant_level == level)
	{
		/* The parent now owns the value; what it had before is overwritten. */
		tenant_level = level - 1;
		if (saved != NULL && saved->nest_level == level - 1)
			saved = saved->next;
	}
}

/* Register the transaction callbacks (once per backend, from _PG_init). */
void
fb_tenant_init(void)
{
	RegisterXactCallback(tenant_xact_callback, NULL);
	RegisterSubXactCallback(tenant_subxact_callback, NULL);
}

/* Make org_id the tenant of the current transaction. */
void
fb_tenant_set(int64 org_id)
{
	int			level = GetCurrentTransactionNestLevel();

	Assert(org_id > 0);
	if (!IsTransactionState())
		elog(ERROR, "feedback tenant set outside a transaction");

	if (tenant_level < level && (tenant_org != 0 || saved != NULL))
	{
		SavedTenant *s = MemoryContextAlloc(TopTransactionContext, sizeof(SavedTenant));

		s->org_id = tenant_org;
		s->nest_level = tenant_level;
		s->next = saved;
		saved = s;
	}
	tenant_org = org_id;
	tenant_level = level;
}

/* The tenant of the current transaction; fails with 28000 when none is set. */
int64
fb_tenant_require(void)
{
	if (tenant_org == 0)
		fb_raise(FB_ERR_UNAUTHENTICATED,
				 "Every request runs as one organization.",
				 "Call feedback.authenticate(api_key) in the same transaction first.",
				 "no tenant is set for this transaction");
	return tenant_org;
}

PG_FUNCTION_INFO_V1(feedback_current_org);

/* feedback.current_org(): the tenant, or NULL. */
Datum
feedback_current_org(PG_FUNCTION_ARGS)
{
	if (tenant_org == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT64(tenant_org);
}
