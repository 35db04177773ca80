/*
 * fuzz_domain.c - libFuzzer target: fb_normalize_domain
 *
 * The first byte chooses the output buffer's size (0..127 bytes, or the
 * input's length plus 1..4); the rest is the domain or URL.  The buffer is
 * allocated with exactly that size, so AddressSanitizer sees any write past
 * it.  Checks: the output is always NUL-terminated inside the buffer, empty
 * on failure; an accepted host is lower-case labels of a-z, 0-9 and '-'
 * (1 to 63 bytes, not starting or ending with '-'), at least two of them,
 * taken from the input; normalizing it again changes nothing; and a larger
 * buffer never changes the answer.
 */
#include "fuzz_common.h"

#include "entity.h"

static void
check_host(const char *out, const char *in, size_t inlen)
{
	size_t		n = strlen(out);
	size_t		label = 0;
	size_t		i;
	char	   *lower;
	char	   *again;
	bool		found = false;

	FZ_CHECK(n >= 3 && strchr(out, '.') != NULL, "host \"%s\"", out);
	for (i = 0; i < n; i++)
	{
		char		c = out[i];

		FZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.',
				 "host \"%s\" has byte 0x%02x", out, (unsigned char) c);
		if (c == '.')
		{
			FZ_CHECK(label > 0 && out[i - 1] != '-', "host \"%s\": bad label end", out);
			label = 0;
		}
		else
		{
			FZ_CHECK(label > 0 || c != '-', "host \"%s\": label starts with -", out);
			FZ_CHECK(++label <= 63, "host \"%s\": label longer than 63", out);
		}
	}
	FZ_CHECK(label > 0 && out[n - 1] != '-', "host \"%s\": bad last label", out);

	/* it comes from the input, lower-cased */
	lower = malloc(inlen + 1);
	for (i = 0; i < inlen; i++)
		lower[i] = (in[i] >= 'A' && in[i] <= 'Z') ? (char) (in[i] - 'A' + 'a') : in[i];
	for (i = 0; i + n <= inlen && !found; i++)
		found = memcmp(lower + i, out, n) == 0;
	FZ_CHECK(found, "host \"%s\" is not in the input", out);
	free(lower);

	again = malloc(n + 1);
	FZ_CHECK(fb_normalize_domain(out, n, again, n + 1) && strcmp(again, out) == 0,
			 "\"%s\" normalizes to \"%s\"", out, again);
	free(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s;
	size_t		len;
	size_t		outsz;
	char	   *out;
	char	   *big;
	bool		ok;
	bool		big_ok;

	if (size == 0)
		return 0;
	s = (const char *) data + 1;
	len = size - 1;
	outsz = data[0] < 128 ? data[0] : len + 1 + data[0] % 4;

	out = malloc(outsz);		/* 0 bytes: nothing may be written at all */
	ok = fb_normalize_domain(s, len, out, outsz);
	if (outsz > 0)
	{
		FZ_CHECK(memchr(out, '\0', outsz) != NULL, "output not NUL-terminated");
		if (!ok)
			FZ_CHECK(out[0] == '\0', "failure leaves \"%s\"", out);
	}
	else
		FZ_CHECK(!ok, "accepted with a 0-byte buffer");

	big = malloc(len + 1);
	big_ok = fb_normalize_domain(s, len, big, len + 1);
	if (ok)
	{
		check_host(out, s, len);
		FZ_CHECK(big_ok && strcmp(big, out) == 0, "a larger buffer changes \"%s\" to \"%s\"", out, big);
	}
	if (big_ok)
		check_host(big, s, len);
	free(big);
	free(out);
	return 0;
}
