/*
 * seeds.c - derive seed inputs for the value-level fuzz targets from bodies
 *
 *   extract-seeds OUTDIR BODY...
 *
 * Reads each body (a record, person or source body of test/corpus or
 * examples/) with json-c and writes, one file each, named by a hash of the
 * content:
 *   OUTDIR/coerce/    every field's value and display_ts, as JSON text
 *                     (numbers as written: json-c keeps their text)
 *   OUTDIR/datetime/  every string among those, raw
 *   OUTDIR/epoch/     every number among those, as written
 *   OUTDIR/domain/    company domains and e-mail domains, behind a byte
 *                     that gives fuzz_domain a buffer of the input's size
 * Bodies json-c cannot read are skipped.  Not a fuzz target: built without
 * sanitizers by run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

static const char *outdir;

static void
emit(const char *kind, const char *prefix, const char *data, size_t len)
{
	char		path[4096];
	uint64_t	h = 14695981039346656037u;
	size_t		plen = prefix ? strlen(prefix) : 0;
	size_t		i;
	FILE	   *f;

	for (i = 0; i < plen; i++)
		h = (h ^ (unsigned char) prefix[i]) * 1099511628211u;
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char) data[i]) * 1099511628211u;
	snprintf(path, sizeof(path), "%s/%s/%016llx", outdir, kind, (unsigned long long) h);
	f = fopen(path, "wb");
	if (f == NULL)
	{
		perror(path);
		exit(1);
	}
	if (plen)
		fwrite(prefix, 1, plen, f);
	fwrite(data, 1, len, f);
	fclose(f);
}

static void
value_seeds(struct json_object *v)
{
	const char *text = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

	if (strlen(text) > 65536)
		return;
	emit("coerce", NULL, text, strlen(text));
	switch (json_object_get_type(v))
	{
		case json_type_string:
			emit("datetime", NULL, json_object_get_string(v), (size_t) json_object_get_string_len(v));
			break;
		case json_type_int:
		case json_type_double:
			emit("epoch", NULL, text, strlen(text));
			break;
		default:
			break;
	}
}

static void
domain_seed(const char *s, size_t len)
{
	emit("domain", "\xff", s, len);
}

static void
body_seeds(struct json_object *root)
{
	struct json_object *v;

	if (!json_object_is_type(root, json_type_object))
		return;
	if (json_object_object_get_ex(root, "fields", &v) && json_object_is_type(v, json_type_array))
	{
		size_t		n = json_object_array_length(v);
		size_t		i;

		for (i = 0; i < n && i < 1000; i++)
		{
			struct json_object *entry = json_object_array_get_idx(v, i);
			struct json_object *value;

			if (json_object_is_type(entry, json_type_object) &&
				json_object_object_get_ex(entry, "value", &value) && value != NULL)
				value_seeds(value);
		}
	}
	if (json_object_object_get_ex(root, "display_ts", &v) && v != NULL)
		value_seeds(v);
	if (json_object_object_get_ex(root, "external_id", &v) && v != NULL)
		value_seeds(v);
	if (json_object_object_get_ex(root, "email", &v) && json_object_is_type(v, json_type_string))
	{
		const char *at = strchr(json_object_get_string(v), '@');

		if (at)
			domain_seed(at + 1, strlen(at + 1));
	}
	if (json_object_object_get_ex(root, "company", &v) && json_object_is_type(v, json_type_object))
	{
		struct json_object *d;

		if (json_object_object_get_ex(v, "domain", &d) && json_object_is_type(d, json_type_string))
			domain_seed(json_object_get_string(d), (size_t) json_object_get_string_len(d));
	}
}

int
main(int argc, char **argv)
{
	int			i;

	if (argc < 2)
	{
		fprintf(stderr, "usage: extract-seeds OUTDIR BODY...\n");
		return 2;
	}
	outdir = argv[1];
	for (i = 2; i < argc; i++)
	{
		FILE	   *f = fopen(argv[i], "rb");
		char	   *buf;
		long		len;
		struct json_tokener *tok;
		struct json_object *root;

		if (f == NULL)
		{
			perror(argv[i]);
			return 1;
		}
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc((size_t) len + 1);
		if (fread(buf, 1, (size_t) len, f) != (size_t) len)
		{
			perror(argv[i]);
			return 1;
		}
		buf[len] = '\0';
		fclose(f);

		tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
		root = json_tokener_parse_ex(tok, buf, (int) len);
		if (root == NULL && json_tokener_get_error(tok) == json_tokener_continue)
			root = json_tokener_parse_ex(tok, "", 1);
		if (root != NULL)
			body_seeds(root);
		json_object_put(root);
		json_tokener_free(tok);
		free(buf);
	}
	return 0;
}
