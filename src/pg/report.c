/*
 * report.c - raising errors from the one error table
 *
 * Every error that feedback raises goes through here, so its SQLSTATE is
 * the one that the core's error table (problems.c) gives its kind.  Two
 * audiences read them:
 *
 * - SQL callers (feedback.error_format = 'sql', the default): the kind's
 *   SQLSTATE, a message, a detail and a hint.
 *
 * - PostgREST (feedback.error_format = 'postgrest', which
 *   feedback_api.pre_request sets for the transaction): PostgREST maps
 *   SQLSTATEs to HTTP statuses its own way (P0002 would be 500, 28000 403),
 *   so the error is raised as SQLSTATE PGRST, whose message is the JSON
 *   error body {code, message, details, hint} and whose detail is
 *   {"status": N, "headers": {...}}: the kind's HTTP status, with
 *   WWW-Authenticate on 401 and Retry-After on 429.
 */
#include "glue.h"

#include "lib/stringinfo.h"
#include "utils/json.h"

#define ERRCODE_PGRST MAKE_SQLSTATE('P', 'G', 'R', 'S', 'T')

/* The SQLSTATE code of an error kind, from the core's table. */
static int
kind_sqlstate(FbErrorKind kind)
{
	const char *s = fb_error_info(kind)->sqlstate;

	return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}

/* Append "key": value-as-JSON-string (or null) to a JSON object being built. */
static void
append_member(StringInfo buf, const char *key, const char *value)
{
	if (buf->data[buf->len - 1] != '{')
		appendStringInfoString(buf, ", ");
	escape_json(buf, key);
	appendStringInfoString(buf, ": ");
	if (value == NULL)
		appendStringInfoString(buf, "null");
	else
		escape_json(buf, value);
}

/*
 * Raise an error of a kind, in the error format of the session.
 * retry_after is the Retry-After seconds of a rate-limited request (else 0).
 */
static void raise_error(FbErrorKind kind, const char *message, const char *detail,
						const char *hint, int retry_after) pg_attribute_noreturn();

static void
raise_error(FbErrorKind kind, const char *message, const char *detail,
			const char *hint, int retry_after)
{
	const FbErrorInfo *info = fb_error_info(kind);
	StringInfoData body;
	StringInfoData status;

	if (fb_error_format != FB_ERROR_FORMAT_POSTGREST)
		ereport(ERROR,
				errcode(kind_sqlstate(kind)),
				errmsg_internal("%s", message),
				detail ? errdetail_internal("%s", detail) : 0,
				hint ? errhint("%s", hint) : 0);

	initStringInfo(&body);
	appendStringInfoChar(&body, '{');
	append_member(&body, "code", info->sqlstate);
	append_member(&body, "message", message);
	append_member(&body, "details", detail);
	append_member(&body, "hint", hint);
	appendStringInfoChar(&body, '}');

	initStringInfo(&status);
	appendStringInfo(&status, "{\"status\": %d, \"headers\": {", info->http_status);
	if (kind == FB_ERR_UNAUTHENTICATED)
		appendStringInfoString(&status, "\"WWW-Authenticate\": \"ApiKey header=\\\"X-Api-Key\\\"\"");
	else if (kind == FB_ERR_RATE_LIMITED)
		appendStringInfo(&status, "\"Retry-After\": \"%d\"", retry_after);
	appendStringInfoString(&status, "}}");

	ereport(ERROR,
			errcode(ERRCODE_PGRST),
			errmsg_internal("%s", body.data),
			errdetail_internal("%s", status.data));
	pg_unreachable();
}

/* Raise one error of a kind; detail and hint may be NULL. */
void
fb_raise(FbErrorKind kind, const char *detail, const char *hint,
		 const char *fmt,...)
{
	char		message[1024];
	va_list		args;

	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);

	raise_error(kind, message, detail, hint, 0);
	pg_unreachable();
}

/*
 * Raise the problems of one request as one error.  Its SQLSTATE is the
 * first problem's; the message is the first problem with its path, and the
 * detail lists every problem, one a line, so a client fixes all at once.
 */
void
fb_raise_problems(const FbProblems *problems)
{
	const FbProblem *first = &problems->items[0];
	StringInfoData message;
	StringInfoData detail;
	const char *hint = NULL;
	int			i;

	Assert(problems->count > 0 && problems->stored > 0);

	initStringInfo(&message);
	if (first->path[0] != '\0')
		appendStringInfo(&message, "%s: ", first->path);
	appendStringInfoString(&message, first->message);
	if (problems->count > 1)
		appendStringInfo(&message, " (and %d more %s)", problems->count - 1,
						 problems->count == 2 ? "problem" : "problems");

	initStringInfo(&detail);
	for (i = 0; i < problems->stored; i++)
	{
		const FbProblem *p = &problems->items[i];

		if (i > 0)
			appendStringInfoChar(&detail, '\n');
		if (p->path[0] != '\0')
			appendStringInfo(&detail, "%s: ", p->path);
		appendStringInfo(&detail, "%s.", p->message);
		if (hint == NULL && p->hint[0] != '\0')
			hint = p->hint;
	}
	if (problems->count > problems->stored)
		appendStringInfo(&detail, "\n%d more problems not listed.",
						 problems->count - problems->stored);

	raise_error(first->kind, message.data, detail.data, hint, 0);
}

/* Raise "over the key's rate limit", saying when to try again. */
void
fb_raise_rate_limited(int limit_per_minute, int wait_seconds)
{
	char		message[128];
	char		detail[64];

	snprintf(message, sizeof(message),
			 "rate limit of %d requests per minute exceeded for this api key",
			 limit_per_minute);
	snprintf(detail, sizeof(detail), "Retry after %d %s.", wait_seconds,
			 wait_seconds == 1 ? "second" : "seconds");
	raise_error(FB_ERR_RATE_LIMITED, message, detail,
				"Spread requests out, or ask for a higher limit for this key.",
				wait_seconds);
}
