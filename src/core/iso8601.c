/*
 * iso8601.c - dates and datetimes as ISO 8601 / RFC 3339 text (pure C)
 *
 * All calendar arithmetic is integer arithmetic on the proleptic Gregorian
 * calendar (Howard Hinnant's days_from_civil / civil_from_days), so nothing
 * depends on the C library's time zone or locale.
 */
#include "iso8601.h"

#include <string.h>

#include "number.h"

#define USECS_PER_DAY (INT64_C(86400) * FB_USECS_PER_SEC)

/* fb_epoch_text_to_us rounds at one of the first 19 significant digits. */
#if FB_DECIMAL_DIGITS < 19
#error "FbDecimal must keep at least 19 significant digits"
#endif

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		era;
	int64_t		yoe;
	int64_t		doy;
	int64_t		doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil date of day z counted from 1970-01-01. */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t		era;
	int64_t		doe;
	int64_t		yoe;
	int64_t		doy;
	int64_t		mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Number of days in month m of year y. */
static int
days_in_month(int64_t y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/* Read exactly n ASCII digits at s as a number; false if any is not a digit. */
static bool
read_digits(const char *s, int n, int *out)
{
	int			v = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/*
 * Parse "YYYY-MM-DD" at s (at least 10 bytes available) into days since
 * the epoch; false unless it is a real date in years 0001-9999.
 */
static bool
parse_date_part(const char *s, int64_t *days)
{
	int			y;
	int			m;
	int			d;

	if (!read_digits(s, 4, &y) || s[4] != '-' ||
		!read_digits(s + 5, 2, &m) || s[7] != '-' ||
		!read_digits(s + 8, 2, &d))
		return false;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return false;
	*days = days_from_civil(y, m, d);
	return true;
}

/* Parse a strict calendar date "YYYY-MM-DD"; stores midnight UTC. */
bool
fb_parse_date(const char *s, size_t len, int64_t *epoch_us)
{
	int64_t		days;

	if (len != 10 || !parse_date_part(s, &days))
		return false;
	*epoch_us = days * USECS_PER_DAY;
	return true;
}

/*
 * Parse an ISO 8601 / RFC 3339 datetime (grammar in iso8601.h).  Fails
 * on bad syntax, impossible fields and instants outside the supported range.
 */
bool
fb_parse_datetime(const char *s, size_t len, int64_t *epoch_us)
{
	int64_t		days;
	int64_t		us;
	int			hh;
	int			mi;
	int			ss = 0;
	int64_t		frac = 0;
	int			offset_min = 0;
	size_t		i;

	if (len < 10 || !parse_date_part(s, &days))
		return false;
	if (len == 10)
	{
		*epoch_us = days * USECS_PER_DAY;
		return true;
	}

	/* separator and HH:MM */
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return false;
	if (len < 16 || !read_digits(s + 11, 2, &hh) || s[13] != ':' ||
		!read_digits(s + 14, 2, &mi))
		return false;
	i = 16;

	/* optional :SS[.fraction] */
	if (i < len && s[i] == ':')
	{
		if (len - i < 3 || !read_digits(s + i + 1, 2, &ss))
			return false;
		i += 3;
		if (i < len && s[i] == '.')
		{
			int			ndigits = 0;

			i++;
			while (i < len && s[i] >= '0' && s[i] <= '9')
			{
				if (ndigits < 6)
					frac = frac * 10 + (s[i] - '0');
				else if (ndigits == 6 && s[i] >= '5')
					frac++;		/* round half up; may carry to 1000000 */
				ndigits++;
				i++;
			}
			if (ndigits == 0)
				return false;
			for (; ndigits < 6; ndigits++)
				frac *= 10;
		}
	}

	/* optional offset */
	if (i < len)
	{
		char		c = s[i];

		if (c == 'Z' || c == 'z')
			i++;
		else if (c == '+' || c == '-')
		{
			int			oh;
			int			om = 0;

			if (len - i < 3 || !read_digits(s + i + 1, 2, &oh))
				return false;
			i += 3;
			if (i < len && s[i] == ':')
			{
				if (len - i < 3 || !read_digits(s + i + 1, 2, &om))
					return false;
				i += 3;
			}
			else if (len - i >= 2)
			{
				if (!read_digits(s + i, 2, &om))
					return false;
				i += 2;
			}
			if (oh > 23 || om > 59)
				return false;
			offset_min = oh * 60 + om;
			if (c == '-')
				offset_min = -offset_min;
		}
		else
			return false;
	}
	if (i != len)
		return false;

	/* field ranges: 24:00:00 is the end of the day, :60 a leap second */
	if (mi > 59 || ss > 60)
		return false;
	if (hh > 24 || (hh == 24 && (mi != 0 || ss != 0 || frac != 0)))
		return false;

	us = days * USECS_PER_DAY +
		((int64_t) hh * 3600 + (int64_t) mi * 60 + ss - (int64_t) offset_min * 60) *
		FB_USECS_PER_SEC + frac;
	if (us < FB_MIN_EPOCH_US || us > FB_MAX_EPOCH_US)
		return false;
	*epoch_us = us;
	return true;
}

/*
 * Convert epoch seconds written as a JSON number ("-1.5e3") exactly to
 * microseconds, rounding half away from zero.  The value is the digit
 * string times a power of ten (fb_decimal_parse), so no floating point is
 * involved.
 */
bool
fb_epoch_text_to_us(const char *s, size_t len, int64_t *epoch_us)
{
	FbDecimal	dec;
	int64_t		intdigits;
	bool		round_up = false;
	uint64_t	mag = 0;
	int64_t		k;

	if (!fb_decimal_parse(s, len, &dec))
		return false;
	if (dec.ndig == 0)
	{
		*epoch_us = 0;			/* zero, whatever the exponent or sign */
		return true;
	}

	/*
	 * microseconds = digits * 10^k.  An accepted result has at most 18
	 * integer digits, so the rounding digit is one fb_decimal_parse kept.
	 */
	k = dec.exp + 6;
	intdigits = dec.ndig + k;	/* digits of the integer part of the result */
	if (intdigits > 18)
		return false;			/* >= 10^18 us: far outside the range */
	if (intdigits < 0)
	{
		*epoch_us = 0;			/* below 0.1 us: rounds to zero */
		return true;
	}
	for (k = 0; k < intdigits; k++)
		mag = mag * 10 + (k < dec.ndig ? (uint64_t) (dec.digits[k] - '0') : 0);
	/* half away from zero: only the first dropped digit decides */
	if (intdigits < dec.ndig)
		round_up = dec.digits[intdigits] >= '5';
	if (round_up)
		mag++;
	{
		int64_t		us = dec.negative ? -(int64_t) mag : (int64_t) mag;

		if (us < FB_MIN_EPOCH_US || us > FB_MAX_EPOCH_US)
			return false;
		*epoch_us = us;
	}
	return true;
}

/*
 * Split an instant into its civil date and time of day.  Instants outside
 * the supported range are clamped to it, so the text always has 4-digit
 * years and fits the documented buffer sizes.
 */
static void
split_instant(int64_t epoch_us, int64_t *y, int *m, int *d, int64_t *us_of_day)
{
	int64_t		days;

	if (epoch_us < FB_MIN_EPOCH_US)
		epoch_us = FB_MIN_EPOCH_US;
	if (epoch_us > FB_MAX_EPOCH_US)
		epoch_us = FB_MAX_EPOCH_US;
	days = epoch_us / USECS_PER_DAY;
	*us_of_day = epoch_us % USECS_PER_DAY;
	if (*us_of_day < 0)
	{
		*us_of_day += USECS_PER_DAY;
		days--;
	}
	civil_from_days(days, y, m, d);
}

/* Write v as exactly n decimal digits (zero-padded) at p; returns p + n. */
static char *
put_digits(char *p, int64_t v, int n)
{
	int			i;

	for (i = n - 1; i >= 0; i--)
	{
		p[i] = (char) ('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/* Write "YYYY-MM-DD" at p; returns the end. */
static char *
put_date(char *p, int64_t y, int m, int d)
{
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	return put_digits(p, d, 2);
}

/* Format an instant as "YYYY-MM-DDTHH:MM:SS[.ffffff]Z". */
void
fb_format_datetime(int64_t epoch_us, char out[FB_DATETIME_BUFSIZE])
{
	int64_t		y;
	int			m;
	int			d;
	int64_t		rem;
	int64_t		secs;
	int64_t		micro;
	char	   *p;

	split_instant(epoch_us, &y, &m, &d, &rem);
	secs = rem / FB_USECS_PER_SEC;
	micro = rem % FB_USECS_PER_SEC;
	p = put_date(out, y, m, d);
	*p++ = 'T';
	p = put_digits(p, secs / 3600, 2);
	*p++ = ':';
	p = put_digits(p, secs / 60 % 60, 2);
	*p++ = ':';
	p = put_digits(p, secs % 60, 2);
	if (micro != 0)
	{
		*p++ = '.';
		p = put_digits(p, micro, 6);
	}
	*p++ = 'Z';
	*p = '\0';
}

/* Format the UTC day of an instant as "YYYY-MM-DD". */
void
fb_format_date(int64_t epoch_us, char out[FB_DATE_BUFSIZE])
{
	int64_t		y;
	int			m;
	int			d;
	int64_t		rem;

	split_instant(epoch_us, &y, &m, &d, &rem);
	*put_date(out, y, m, d) = '\0';
}
