/*
 * report.c - raising errors from the one error table
 *
 * Every error that feedback raises goes through here, so its SQLSTATE is
 * the one that the core's error table (problems.c) gives its kind.
 */
#include "glue.h"

#include "lib/stringinfo.h"

/* The SQLSTATE code of an error kind, from the core's table. */
static int
kind_sqlstate(FbErrorKind kind)
{
	const char *s = fb_error_info(kind)->sqlstate;

	return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
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

	ereport(ERROR,
			errcode(kind_sqlstate(kind)),
			errmsg_internal("%s", message),
			detail ? errdetail_internal("%s", detail) : 0,
			hint ? errhint("%s", hint) : 0);
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

	fb_raise(first->kind, detail.data, hint, "%s", message.data);
}
