/*
 * fuzz_datetime.c - libFuzzer target: fb_parse_datetime and fb_parse_date
 *
 * The input is the text (not NUL-terminated: libFuzzer's buffer is exactly
 * its size, so AddressSanitizer sees any read past it).  Checks: an accepted
 * instant is in range and survives format-and-parse; a date that
 * fb_parse_date accepts is the same instant for fb_parse_datetime and
 * formats back to itself; and a plain "YYYY-MM-DDTHH:MM:SSZ" is accepted
 * exactly when a reference calendar (a different algorithm) says it is a
 * real instant in range, with the same value.
 */
#include "fuzz_common.h"

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 0001-01-01 to y-m-d, counted year by year's formula and a month table. */
static int64_t
reference_days(int y, int m, int d)
{
	static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	int64_t		py = y - 1;

	return py * 365 + py / 4 - py / 100 + py / 400 + before[m - 1] + (m > 2 && is_leap(y)) + d - 1;
}

static bool
digits(const char *s, int n, int *out)
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

/* The reference for "YYYY-MM-DDTHH:MM:SSZ": -1 not that shape, 0 invalid, 1 valid (*us). */
static int
reference(const char *s, size_t len, int64_t *us)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			y, m, d, hh, mi, ss;
	int64_t		v;

	if (len != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
		!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d) ||
		!digits(s + 11, 2, &hh) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &ss))
		return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && is_leap(y)))
		return 0;
	if (mi > 59 || ss > 60 || hh > 24 || (hh == 24 && (mi != 0 || ss != 0)))
		return 0;
	v = ((reference_days(y, m, d) - 719162) * 86400 + hh * 3600 + mi * 60 + ss) * INT64_C(1000000);
	if (v < FB_MIN_EPOCH_US || v > FB_MAX_EPOCH_US)
		return 0;
	*us = v;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	int64_t		us = 0;
	int64_t		date_us = 0;
	int64_t		ref_us = 0;
	bool		ok = fb_parse_datetime(s, size, &us);
	bool		date_ok = fb_parse_date(s, size, &date_us);
	int			ref = reference(s, size, &ref_us);

	if (ok)
	{
		char		text[FB_DATETIME_BUFSIZE];
		int64_t		again = 0;

		FZ_CHECK(us >= FB_MIN_EPOCH_US && us <= FB_MAX_EPOCH_US, "instant %lld out of range", (long long) us);
		fb_format_datetime(us, text);
		FZ_CHECK(strlen(text) == 20 || strlen(text) == 27, "formatted \"%s\"", text);
		FZ_CHECK(fb_parse_datetime(text, strlen(text), &again) && again == us,
				 "\"%s\" does not parse back to %lld", text, (long long) us);
	}
	if (date_ok)
	{
		char		text[FB_DATE_BUFSIZE];

		FZ_CHECK(ok && us == date_us, "date accepted, datetime not the same");
		fb_format_date(date_us, text);
		FZ_CHECK(size == 10 && memcmp(text, s, 10) == 0, "date formats as \"%s\"", text);
	}
	if (ref >= 0)
		FZ_CHECK(ok == (ref == 1) && (!ok || us == ref_us),
				 "\"%.20s\": parsed %d (%lld), reference %d (%lld)", s, ok, (long long) us, ref, (long long) ref_us);
	return 0;
}
