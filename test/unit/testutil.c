/*
 * testutil.c - helpers shared by the cmocka unit tests of the core
 *
 * See testutil.h.  Failures are reported through cmocka (fail_msg and the
 * assert macros), so these run only inside a cmocka test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

/* Print the problems found (to explain a failing assertion). */
void
print_problems(const FbProblems *p)
{
	int			i;

	fprintf(stderr, "  %d problem(s), %d stored:\n", p->count, p->stored);
	for (i = 0; i < p->stored; i++)
		fprintf(stderr, "    kind %d at \"%s\": %s | %s\n", p->items[i].kind,
				p->items[i].path, p->items[i].message, p->items[i].hint);
}

/*
 * Assert that the problems are exactly the expected ones, in order.  All n
 * are counted; only the first FB_MAX_PROBLEMS are stored and compared.
 */
void
check_problems(const FbProblems *p, const Expected *exp, int n)
{
	bool		ok = p->count == n && p->stored == (n < FB_MAX_PROBLEMS ? n : FB_MAX_PROBLEMS);
	int			i;

	for (i = 0; ok && i < p->stored; i++)
		ok = p->items[i].kind == exp[i].kind &&
			strcmp(p->items[i].path, exp[i].path) == 0;
	if (!ok)
	{
		fprintf(stderr, "  expected %d problem(s):\n", n);
		for (i = 0; i < n; i++)
			fprintf(stderr, "    kind %d at \"%s\"\n", exp[i].kind, exp[i].path);
		print_problems(p);
		fail_msg("problems differ from the expected ones");
	}
}

/* A malloc'd printf result. */
char *
format(const char *fmt,...)
{
	va_list		ap;
	char	   *s;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = malloc((size_t) n + 1);
	assert_non_null(s);
	va_start(ap, fmt);
	vsnprintf(s, (size_t) n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* A malloc'd string: n copies of unit. */
char *
repeat(const char *unit, int n)
{
	size_t		ulen = strlen(unit);
	char	   *s = malloc(ulen * (size_t) n + 1);
	int			i;

	assert_non_null(s);
	for (i = 0; i < n; i++)
		memcpy(s + ulen * (size_t) i, unit, ulen);
	s[ulen * (size_t) n] = '\0';
	return s;
}
