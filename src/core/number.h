/*
 * number.h - decimal number text, scanned without floating point (pure C)
 *
 * Numbers reach the core as text: the source text of a JSON number (json-c
 * keeps it) or a string.  The scanners here read that text as it is
 * written, so callers can evaluate it exactly (field.c: integers;
 * iso8601.c: epoch seconds to microseconds) or check its JSON syntax.
 */
#ifndef FEEDBACK_NUMBER_H
#define FEEDBACK_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FB_DECIMAL_DIGITS 40

/*
 * A decimal number as written: value = digits * 10^exp, plus "tail" digits
 * (non-zero ones flagged) that did not fit in digits[] and lie below it.
 */
typedef struct FbDecimal
{
	bool		negative;
	int			ndig;			/* significant digits kept, no leading zeros */
	char		digits[FB_DECIMAL_DIGITS];
	int64_t		exp;
	bool		tail_nonzero;
} FbDecimal;

/*
 * Parse s[0..len) as ^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$
 * into d.  False on anything else (spaces, hex, inf, nan, empty...).  The
 * exponent saturates far beyond any range a caller accepts.
 */
bool		fb_decimal_parse(const char *s, size_t len, FbDecimal *d);

/* What fb_json_number_scan learns about a valid JSON number. */
typedef struct FbJsonNumber
{
	bool		negative;		/* it starts with '-' */
	size_t		int_digits;		/* digits of the integer part */
	bool		is_integer;		/* no fraction and no exponent */
} FbJsonNumber;

/*
 * True when s[0..len) is a number as RFC 8259 writes it:
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?  (PostgreSQL's jsonb
 * accepts exactly these; json-c also lets "NaN", "1." and "01" through).
 * Then *num describes it.
 */
bool		fb_json_number_scan(const char *s, size_t len, FbJsonNumber *num);

#endif
