/*
 * testutil.h - helpers shared by the cmocka unit tests of the core
 *
 * Expected problem lists and their check, the printing of a problem list
 * to explain a failure, and malloc'd test strings.  Every test program is
 * linked with testutil.c; include this after <cmocka.h>.
 */
#ifndef FB_TESTUTIL_H
#define FB_TESTUTIL_H

#include "problems.h"

/* An expected problem: its kind and its path. */
typedef struct Expected
{
	FbErrorKind kind;
	const char *path;
} Expected;

/* The arguments (array, count) of check_problems for a literal list. */
#define EXPECT(...) \
	((const Expected[]) {__VA_ARGS__}), \
	(int) (sizeof((const Expected[]) {__VA_ARGS__}) / sizeof(Expected))

extern void print_problems(const FbProblems *p);
extern void check_problems(const FbProblems *p, const Expected *exp, int n);
extern char *format(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern char *repeat(const char *unit, int n);

#endif							/* FB_TESTUTIL_H */
