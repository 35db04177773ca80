/*
 * number.c - decimal number text, scanned without floating point (pure C)
 *
 * See number.h.  Both scanners only read the text; what a number means
 * (an exact integer, epoch microseconds, a double) is up to the caller.
 */
#include "number.h"

#include <string.h>

/* ASCII digit, independent of the locale. */
static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Parse a decimal number into digits and a power of ten; see number.h.
 * Leading zeros are dropped; digits beyond FB_DECIMAL_DIGITS only move the
 * exponent (integer part) or set tail_nonzero (fraction).
 */
bool
fb_decimal_parse(const char *s, size_t len, FbDecimal *d)
{
	size_t		i = 0;
	bool		any_digit = false;
	int64_t		e = 0;

	memset(d, 0, sizeof(*d));
	if (i < len && (s[i] == '+' || s[i] == '-'))
		d->negative = s[i++] == '-';
	for (; i < len && is_digit(s[i]); i++)
	{
		any_digit = true;
		if (d->ndig == 0 && s[i] == '0')
			continue;
		if (d->ndig < FB_DECIMAL_DIGITS)
			d->digits[d->ndig++] = s[i];
		else
		{
			d->exp++;			/* too many integer digits: magnitude only */
			if (s[i] != '0')
				d->tail_nonzero = true;
		}
	}
	if (i < len && s[i] == '.')
	{
		for (i++; i < len && is_digit(s[i]); i++)
		{
			any_digit = true;
			if (d->ndig == 0 && s[i] == '0')
				d->exp--;
			else if (d->ndig < FB_DECIMAL_DIGITS)
			{
				d->digits[d->ndig++] = s[i];
				d->exp--;
			}
			else if (s[i] != '0')
				d->tail_nonzero = true;
		}
	}
	if (!any_digit)
		return false;
	if (i < len && (s[i] == 'e' || s[i] == 'E'))
	{
		bool		eneg = false;
		bool		edigit = false;

		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		for (; i < len && is_digit(s[i]); i++)
		{
			edigit = true;
			if (e < INT64_C(1000000000))	/* saturate: far beyond any range */
				e = e * 10 + (s[i] - '0');
		}
		if (!edigit)
			return false;
		d->exp += eneg ? -e : e;
	}
	return i == len;
}

/* Check a number against the JSON grammar (RFC 8259); see number.h. */
bool
fb_json_number_scan(const char *s, size_t len, FbJsonNumber *num)
{
	size_t		i = 0;
	size_t		start;

	memset(num, 0, sizeof(*num));
	num->is_integer = true;
	if (i < len && s[i] == '-')
	{
		num->negative = true;
		i++;
	}
	start = i;
	if (i < len && s[i] == '0')
		i++;
	else if (i < len && s[i] >= '1' && s[i] <= '9')
		while (i < len && is_digit(s[i]))
			i++;
	else
		return false;
	num->int_digits = i - start;
	if (i < len && s[i] == '.')
	{
		num->is_integer = false;
		start = ++i;
		while (i < len && is_digit(s[i]))
			i++;
		if (i == start)
			return false;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E'))
	{
		num->is_integer = false;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		start = i;
		while (i < len && is_digit(s[i]))
			i++;
		if (i == start)
			return false;
	}
	return i == len;
}
