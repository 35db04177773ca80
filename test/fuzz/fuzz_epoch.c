/*
 * fuzz_epoch.c - libFuzzer target: fb_epoch_text_to_us
 *
 * The input is the number text (not NUL-terminated).  An accepted value is
 * in range; and whenever the text is a plain decimal of at most 36 digits
 * with an exponent of at most 3 digits, the result must equal a reference
 * computed exactly in 128-bit integers (microseconds, rounded half away
 * from zero), and the text is accepted exactly when that is in range.
 */
#include "fuzz_common.h"

typedef __int128 i128;

/* -1: not a shape the reference handles; 0: out of range; 1: *us. */
static int
reference(const char *s, size_t len, int64_t *us)
{
	i128		mant = 0;
	int			ndig = 0;
	int			frac = 0;
	int			exp = 0;
	int			k;
	bool		neg = false;
	bool		eneg = false;
	bool		any = false;
	size_t		i = 0;
	i128		v;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, any = true)
	{
		if (++ndig > 36)
			return -1;
		mant = mant * 10 + (s[i] - '0');
	}
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, any = true)
		{
			if (++ndig > 36)
				return -1;
			mant = mant * 10 + (s[i] - '0');
			frac++;
		}
	if (!any)
		return -1;
	if (i < len && (s[i] == 'e' || s[i] == 'E'))
	{
		int			edig = 0;

		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		{
			if (++edig > 3)
				return -1;
			exp = exp * 10 + (s[i] - '0');
		}
		if (edig == 0)
			return -1;
	}
	if (i != len)
		return -1;

	/* microseconds = mant * 10^k */
	k = (eneg ? -exp : exp) - frac + 6;
	v = mant;
	if (k >= 0)
	{
		for (; k > 0 && v != 0; k--)
		{
			if (v > (i128) INT64_MAX * 10)
				return 0;
			v *= 10;
		}
	}
	else
	{
		i128		p = 1;
		i128		q;
		i128		r;

		if (-k > 37)
			v = 0;				/* mant < 10^36: far below half a microsecond */
		else
		{
			for (; k < 0; k++)
				p *= 10;
			q = v / p;
			r = v % p;
			v = q + (2 * r >= p ? 1 : 0);
		}
	}
	if (v > (i128) INT64_MAX)
		return 0;
	if (neg)
		v = -v;
	if (v < FB_MIN_EPOCH_US || v > FB_MAX_EPOCH_US)
		return 0;
	*us = (int64_t) v;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	int64_t		us = 0;
	int64_t		ref_us = 0;
	bool		ok = fb_epoch_text_to_us(s, size, &us);
	int			ref = reference(s, size, &ref_us);

	if (ok)
		FZ_CHECK(us >= FB_MIN_EPOCH_US && us <= FB_MAX_EPOCH_US, "%lld out of range", (long long) us);
	if (ref >= 0)
		FZ_CHECK(ok == (ref == 1) && (!ok || us == ref_us),
				 "\"%.*s\": got %d (%lld), reference %d (%lld)",
				 (int) (size > 80 ? 80 : size), s, ok, (long long) us, ref, (long long) ref_us);
	return 0;
}
