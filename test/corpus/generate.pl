#!/usr/bin/perl
# Write the hostile-input corpus: test/corpus/{record,person,source}/ and
# MANIFEST.tsv.  Run from anywhere:   perl test/corpus/generate.pl
#
# Every case is one body, the target it is sent to (record: ingest_record
# into the "Hostile" source; person: put_person; source: create_source),
# the SQLSTATE it must fail with (00000: it is accepted), and what it is.
# The SQLSTATEs are what the server really answers (test/tap/020_hostile_input.pl
# checks them); see README.md in this folder for the state they assume.
#
# Bodies of megabytes are written as templates (.tmpl, see Corpus.pm) so the
# repository stays small.  Bytes are written exactly as given: some bodies
# are deliberately not UTF-8.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Path qw(make_path remove_tree);
use JSON::PP;

my $dir = dirname(__FILE__);
my $examples = "$dir/../../examples";

my @cases;    # [target, sqlstate, slug, body, what, template?]
my %slugs;

sub add
{
	my ($target, $sqlstate, $slug, $body, $what) = @_;
	die "duplicate slug $slug" if $slugs{"$target/$slug"}++;
	push @cases, [ $target, $sqlstate, $slug, $body, $what, 0 ];
}

sub addt    # a template body (Corpus.pm)
{
	my ($target, $sqlstate, $slug, $body, $what) = @_;
	die "duplicate slug $slug" if $slugs{"$target/$slug"}++;
	push @cases, [ $target, $sqlstate, $slug, $body, $what, 1 ];
}

sub slurp
{
	open my $fh, '<:raw', $_[0] or die "$_[0]: $!";
	local $/;
	return scalar <$fh>;
}

# --- helpers for record bodies -------------------------------------------

# One field entry; value is raw JSON text.
sub F
{
	my ($type, $value, $name, $category) = @_;
	$name //= 'f';
	$category //= 'metadata';
	return qq({"name":"$name","category":"$category","type":"$type","value":$value});
}

# A record body of field entries.
sub R { return '{"fields":[' . join(',', @_) . ']}' }

# A record body with other members (raw JSON text "k":v,...) before "fields".
sub RM
{
	my ($members, @entries) = @_;
	return '{' . $members . ',"fields":[' . join(',', @entries) . ']}';
}

my $OKF = F('string', '"ok"', 'body', 'content');    # a valid entry
my $OK = R($OKF);                                   # a valid record body
my $TEN_MB = 10 * 1024 * 1024;

sub rec { add('record', @_) }
sub rect { addt('record', @_) }

# --- record: malformed JSON (PostgreSQL's json input) -------------------

rec('22P02', 'empty', '', 'empty body');
rec('22P02', 'whitespace-only', " \n\t\r ", 'whitespace only');
rec('22P02', 'open-brace', '{', 'a lone {');
rec('22P02', 'trunc-member-name', '{"fields"', 'ends after a member name');
rec('22P02', 'trunc-colon', '{"fields":', 'ends after the colon');
rec('22P02', 'trunc-open-array', '{"fields":[', 'ends inside fields');
rec('22P02', 'trunc-open-entry', '{"fields":[{', 'ends inside an entry');
rec('22P02', 'trunc-no-array-end', '{"fields":[' . $OKF, 'fields not closed');
rec('22P02', 'trunc-no-object-end', '{"fields":[' . $OKF . ']', 'body not closed');
rec('22P02', 'trunc-in-string', '{"fields":[{"name":"a","category":"content","type":"string","value":"x', 'ends inside a string');
rec('22P02', 'trunc-in-escape', '{"fields":[{"name":"a","category":"content","type":"string","value":"\\u00', 'ends inside a \\u escape');
rec('22P02', 'trunc-in-number', '{"fields":[{"name":"a","category":"content","type":"integer","value":12', 'ends inside a number');
rec('22P02', 'trunc-in-literal', '{"fields":[{"name":"a","category":"content","type":"boolean","value":tr', 'ends inside true');

# truncations of the support-ticket example, compacted
{
	my $ex = JSON::PP->new->canonical->encode(
		JSON::PP->new->decode(slurp("$examples/support-ticket.record.json")));
	my $n = 0;
	for my $cut (1, 2, 13, 29, 64, 111, 160, 233, 317, 402, 555, 640, 777, length($ex) - 1)
	{
		next if $cut >= length $ex;
		my $t = substr($ex, 0, $cut);
		next if eval { JSON::PP->new->decode($t); 1 };
		rec('22P02', sprintf('trunc-example-%04d', $cut), $t,
			"support-ticket example cut after $cut bytes");
		$n++;
	}
}

rec('22P02', 'trailing-comma-object', '{"fields":[' . $OKF . '],}', 'trailing comma after the last member');
rec('22P02', 'trailing-comma-array', '{"fields":[' . $OKF . ',]}', 'trailing comma after the last entry');
rec('22P02', 'single-quotes', q({'fields':[{'name':'a','category':'content','type':'string','value':'x'}]}), 'single-quoted strings');
rec('22P02', 'unquoted-names', '{fields:[{name:"a",category:"content",type:"string",value:"x"}]}', 'unquoted member names');
rec('22P02', 'block-comment', '/* c */' . $OK, 'a /* comment */ before the body');
rec('22P02', 'line-comment', $OK . " // c\n", 'a // comment after the body');
rec('22P02', 'nan-literal', R(F('float', 'NaN')), 'NaN as a value');
rec('22P02', 'infinity-literal', R(F('float', 'Infinity')), 'Infinity as a value');
rec('22P02', 'minus-infinity-literal', R(F('float', '-Infinity')), '-Infinity as a value');
rec('22P02', 'leading-zero', R(F('integer', '01')), 'number with a leading zero');
rec('22P02', 'number-trailing-dot', R(F('float', '1.')), 'number "1."');
rec('22P02', 'number-leading-dot', R(F('float', '.5')), 'number ".5"');
rec('22P02', 'number-plus-sign', R(F('integer', '+1')), 'number "+1"');
rec('22P02', 'number-hex', R(F('integer', '0x10')), 'hexadecimal number');
rec('22P02', 'number-bare-exponent', R(F('float', '1e')), 'number "1e"');
rec('22P02', 'number-exponent-sign-only', R(F('float', '1e+')), 'number "1e+"');
rec('22P02', 'number-double-minus', R(F('integer', '--1')), 'number "--1"');
rec('22P02', 'literal-truncated', R(F('boolean', 'tru')), 'literal "tru"');
rec('22P02', 'literal-capitalised', R(F('boolean', 'True')), 'literal "True"');
rec('22P02', 'literal-null-upper', R(F('string', 'NULL')), 'literal "NULL"');
rec('22P02', 'two-values', "$OK $OK", 'two bodies in a row');
rec('22P02', 'extra-close', $OK . '}', 'one } too many');
rec('22P02', 'escape-x', R(F('string', '"\\x41"')), 'invalid escape \\x41');
rec('22P02', 'escape-short-u', R(F('string', '"\\u12"')), 'short \\u escape');
rec('22P02', 'escape-bad-hex', R(F('string', '"\\u00g0"')), '\\u escape with a non-hex digit');
rec('22P02', 'escape-capital-u', R(F('string', '"\\U0041"')), '\\U escape');
rec('22P02', 'escape-bell', R(F('string', '"\\a"')), 'invalid escape \\a');
rec('22P02', 'escape-apostrophe', R(F('string', q("\\'"))), "invalid escape \\'");
rec('22P02', 'escape-trailing-backslash', R(F('string', '"x\\"')), 'string ends in a backslash');
rec('22P02', 'raw-newline-in-string', R(F('string', qq("a\nb"))), 'unescaped line feed in a string');
rec('22P02', 'raw-tab-in-string', R(F('string', qq("a\tb"))), 'unescaped tab in a string');
rec('22P02', 'raw-control-in-string', R(F('string', qq("a\x01b"))), 'unescaped U+0001 in a string');
rec('22P02', 'raw-control-in-name', R(F('string', '"x"', "a\x1fb")), 'unescaped U+001F in a field name');
rec('22P02', 'byte-order-mark', "\xEF\xBB\xBF" . $OK, 'UTF-8 byte order mark before the body');
rec('22P02', 'missing-colon', '{"fields" [' . $OKF . ']}', 'member without a colon');
rec('22P02', 'missing-comma-members', '{"external_id":"a" "fields":[' . $OKF . ']}', 'members without a comma');
rec('22P02', 'missing-comma-entries', '{"fields":[' . $OKF . ' ' . $OKF . ']}', 'entries without a comma');
rec('22P02', 'member-without-value', '{"fields"}', 'member name without a value');
rec('22P02', 'two-strings', '{"fields":[' . $OKF . '],"external_id":"x" "y"}', 'two strings for one member');
rec('22P02', 'close-only', ']', 'a lone ]');
rec('22P02', 'mismatched-brackets', '{"fields":[' . $OKF . '}}', 'array closed with }');
rec('22P02', 'undefined-literal', R(F('string', 'undefined')), 'JavaScript undefined');
rec('22P02', 'js-function', R(F('json', 'function(){}')), 'a JavaScript function');
rect('22P02', 'unclosed-arrays-300.json.tmpl', '{"fields":[{"name":"a","category":"content","type":"json","value":$$REPEAT(300,[)$$',
	'300 arrays opened and never closed');

# --- record: bytes that are not UTF-8, or NUL (the server's encoding check)

rec('22021', 'raw-nul-after-body', $OK . "\x00", 'a NUL byte after the body');
rec('22021', 'raw-nul-in-string', R(F('string', qq("a\x00b"))), 'a NUL byte inside a string');
rec('22021', 'byte-ff-in-string', R(F('string', qq("a\xFFb"))), 'byte 0xFF in a string');
rec('22021', 'overlong-nul', R(F('string', qq("a\xC0\x80b"))), 'overlong encoding of NUL (C0 80)');
rec('22021', 'overlong-slash', R(F('string', qq("a\xE0\x80\xAFb"))), 'overlong encoding of / (E0 80 AF)');
rec('22021', 'utf8-surrogate', R(F('string', qq("a\xED\xA0\x80b"))), 'a surrogate encoded in UTF-8 (ED A0 80)');
rec('22021', 'above-10ffff', R(F('string', qq("a\xF4\x90\x80\x80b"))), 'code point above U+10FFFF (F4 90 80 80)');
rec('22021', 'truncated-sequence', R(F('string', qq("a\xE2\x82"))), 'a 3-byte sequence cut after 2 bytes');
rec('22021', 'lone-continuation-in-member', qq({"fields\x80":[$OKF]}), 'a lone continuation byte in a member name');
rec('22021', 'latin1-in-name', R(F('string', '"x"', "caf\xE9")), 'Latin-1 é (E9) in a field name');
rec('22021', 'invalid-byte-between-tokens', qq({"fields":\xFE[$OKF]}), 'byte 0xFE between tokens');
rec('22021', 'latin1-external-id', RM(qq("external_id":"caf\xE9"), $OKF), 'Latin-1 é (E9) in external_id');

# --- record: NUL and surrogate escapes (accepted by json, seen by feedback)

rec('22023', 'nul-escape-string-value', R(F('string', '"\\u0000"')), 'string value \\u0000');
rec('22023', 'nul-escape-inside-string-value', R(F('string', '"a\\u0000b"')), 'string value with \\u0000 inside');
rec('22023', 'nul-escape-external-id', RM('"external_id":"\\u0000"', $OKF), 'external_id \\u0000');
rec('22023', 'nul-escape-external-id-inside', RM('"external_id":"ab\\u0000cd"', $OKF), 'external_id with \\u0000 inside');
rec('22023', 'nul-escape-member-fields', qq({"fields\\u0000":[$OKF]}), 'member name "fields\\u0000" (json-c would cut it to "fields")');
rec('22023', 'nul-escape-member-only', qq({"\\u0000":1,"fields":[$OKF]}), 'member name \\u0000');
rec('22023', 'nul-escape-entry-member', R('{"name":"a","category":"content","type":"string","value\\u0000":"x"}'), 'entry member "value\\u0000"');
rec('22023', 'nul-escape-json-key', R(F('json', '{"k\\u0000":1}')), 'json value with a \\u0000 in a key');
rec('22023', 'nul-escape-json-string', R(F('json', '"\\u0000"')), 'json value "\\u0000"');
rec('22023', 'nul-escape-json-nested', R(F('json', '{"a":[1,{"b":"x\\u0000"}]}')), 'json value with \\u0000 deep inside');
rec('22023', 'nul-escape-field-name', R(F('string', '"x"', 'a\\u0000')), 'field name "a\\u0000"');
rec('22023', 'nul-escape-category', R(F('string', '"x"', 'a', 'content\\u0000')), 'category "content\\u0000"');
rec('22023', 'nul-escape-type', R(F('string\\u0000', '"x"')), 'type "string\\u0000"');
rec('22007', 'nul-escape-date', R(F('date', '"2025-01-01\\u0000"')), 'date with a trailing \\u0000');
rec('22007', 'nul-escape-datetime', R(F('datetime', '"2025-01-01T00:00:00Z\\u0000"')), 'datetime with a trailing \\u0000');
rec('22007', 'nul-escape-display-ts', RM('"display_ts":"\\u0000"', $OKF), 'display_ts \\u0000');
rec('22023', 'nul-escape-integer', R(F('integer', '"1\\u0000"')), 'integer string with a trailing \\u0000');
rec('22023', 'nul-escape-float', R(F('float', '"1.5\\u0000"')), 'float string with a trailing \\u0000');
rec('22023', 'nul-escape-boolean', R(F('boolean', '"true\\u0000"')), 'boolean string with a trailing \\u0000');
rec('00000', 'lone-high-surrogate-value', R(F('string', '"\\ud800"')), 'ACCEPTED, stored as U+FFFD: lone high surrogate \\ud800 in a string value');
rec('00000', 'lone-low-surrogate-value', R(F('string', '"\\udc00"')), 'ACCEPTED, stored as U+FFFD: lone low surrogate \\udc00 in a string value');
rec('00000', 'reversed-surrogates-value', R(F('string', '"\\udc00\\ud800"')), 'ACCEPTED, stored as U+FFFD U+FFFD: surrogates in the wrong order');
rec('00000', 'high-surrogate-then-ascii', R(F('string', '"\\ud800\\u0041"')), 'ACCEPTED, stored as U+FFFD A: high surrogate followed by \\u0041');
rec('00000', 'lone-surrogate-external-id', RM('"external_id":"\\udfff"', $OKF), 'ACCEPTED, stored as U+FFFD: lone surrogate as external_id');
rec('00000', 'lone-surrogate-json-value', R(F('json', '{"a":"\\ud800"}')), 'ACCEPTED, stored as U+FFFD: lone surrogate inside a json value');
rec('22023', 'lone-surrogate-field-name', R(F('string', '"x"', '\\ud800')), 'lone surrogate as a field name');
rec('22023', 'lone-surrogate-member', qq({"\\ud800":1,"fields":[$OKF]}), 'lone surrogate as a member name');
rec('00000', 'surrogate-pair', R(F('string', '"\\ud83d\\ude00"')), 'a valid surrogate pair (U+1F600)');
rec('00000', 'escaped-field-name', R(F('string', '"x"', '\\u0061\\u0062')), 'field name "ab" written with \\u escapes');
rec('00000', 'escaped-member-name', '{"\\u0066ields":[' . $OKF . ']}', 'member name "fields" written with a \\u escape');
rec('00000', 'escaped-solidus', R(F('string', '"a\\/b"')), 'escaped solidus');
rec('00000', 'unicode-oddities', R(F('string', qq("\xE2\x80\xA8\xEF\xBB\xBF\xE2\x80\xAE\xF4\x8F\xBF\xBF"))), 'U+2028, U+FEFF, U+202E and U+10FFFF in a string');
rec('22023', 'homoglyph-field-name', R(F('string', '"x"', "n\xD0\xB0me")), 'field name with a Cyrillic а');
rec('22023', 'fullwidth-field-name', R(F('string', '"x"', "\xEF\xBD\x81")), 'field name in a fullwidth letter');

# --- record: nesting -------------------------------------------------------

# depth counts the body (1), fields (2), the entry (3), then the value's levels
rect('00000', 'json-depth-256.json.tmpl', R(F('json', '$$REPEAT(253,[)$$$$REPEAT(253,])$$')), 'json value nested so the body is exactly 256 levels deep');
rect('22023', 'json-depth-257.json.tmpl', R(F('json', '$$REPEAT(254,[)$$$$REPEAT(254,])$$')), 'json value nested so the body is 257 levels deep');
rect('22023', 'json-arrays-300.json.tmpl', R(F('json', '$$REPEAT(300,[)$$$$REPEAT(300,])$$')), 'json value of 300 nested arrays');
rect('22023', 'json-objects-300.json.tmpl', R(F('json', '$$REPEAT(300,{"a":)$$1$$REPEAT(300,})$$')), 'json value of 300 nested objects');
rect('22023', 'json-arrays-10000.json.tmpl', R(F('json', '$$REPEAT(10000,[)$$$$REPEAT(10000,])$$')), 'json value of 10000 nested arrays');
rect('54001', 'json-arrays-100000.json.tmpl', R(F('json', '$$REPEAT(100000,[)$$$$REPEAT(100000,])$$')), 'json value of 100000 nested arrays (PostgreSQL\'s json input runs out of stack)');
rect('22023', 'string-value-nested-300.json.tmpl', R(F('string', '$$REPEAT(300,[)$$"x"$$REPEAT(300,])$$')), 'string field with a value of 300 nested arrays');
rect('22023', 'external-id-nested-300.json.tmpl', '{"external_id":$$REPEAT(300,[)$$1$$REPEAT(300,])$$,"fields":[' . $OKF . ']}', 'external_id of 300 nested arrays');
rect('22023', 'unknown-member-nested-300.json.tmpl', '{"extra":$$REPEAT(300,{"a":)$$1$$REPEAT(300,})$$,"fields":[' . $OKF . ']}', 'unknown member with 300 nested objects');
rect('22023', 'body-arrays-300.json.tmpl', '$$REPEAT(300,[)$$$$REPEAT(300,])$$', 'body of 300 nested arrays');
rect('22023', 'fields-nested-300.json.tmpl', '{"fields":$$REPEAT(300,[)$$$$REPEAT(300,])$$}', 'fields of 300 nested arrays');
rec('22023', 'json-depth-8', R(F('json', '[[[[[[[[1]]]]]]]]', 'a', 'metadata'), '{"name":"b","category":"content","type":"string","value":[[[[[[1]]]]]]}'), 'a string field whose value is nested arrays');

# --- record: numbers -------------------------------------------------------

rec('22003', 'person-id-2pow63', RM('"person_id":9223372036854775808', $OKF), 'person_id 2^63');
rec('22003', 'person-id-below-int64', RM('"person_id":-9223372036854775809', $OKF), 'person_id -2^63-1');
rec('22003', 'person-id-2pow64', RM('"person_id":18446744073709551616', $OKF), 'person_id 2^64');
rec('22003', 'person-id-uint64-max', RM('"person_id":18446744073709551615', $OKF), 'person_id 2^64-1');
rec('22023', 'person-id-exponent', RM('"person_id":1e2', $OKF), 'person_id 1e2');
rec('22023', 'person-id-fraction', RM('"person_id":1.0', $OKF), 'person_id 1.0');
rec('22023', 'person-id-string', RM('"person_id":"1"', $OKF), 'person_id "1"');
rec('22023', 'person-id-boolean', RM('"person_id":true', $OKF), 'person_id true');
rec('22023', 'person-id-array', RM('"person_id":[1]', $OKF), 'person_id [1]');
rec('22023', 'person-id-object', RM('"person_id":{"id":1}', $OKF), 'person_id {"id": 1}');
rec('P0002', 'person-id-minus-one', RM('"person_id":-1', $OKF), 'person_id -1');
rec('P0002', 'person-id-zero', RM('"person_id":0', $OKF), 'person_id 0');
rec('P0002', 'person-id-int64-max', RM('"person_id":9223372036854775807', $OKF), 'person_id 2^63-1');
rec('P0002', 'person-id-int64-min', RM('"person_id":-9223372036854775808', $OKF), 'person_id -2^63');
rec('P0002', 'person-id-other-tenant', RM('"person_id":2', $OKF), "person_id of another organization's person");
rec('P0002', 'person-id-unknown', RM('"person_id":999999', $OKF), 'person_id that does not exist');
rec('00000', 'person-id-null', RM('"person_id":null', $OKF), 'person_id null (absent)');
rec('00000', 'integer-int64-max', R(F('integer', '9223372036854775807')), 'integer 2^63-1');
rec('00000', 'integer-int64-min', R(F('integer', '-9223372036854775808')), 'integer -2^63');
rec('22003', 'integer-2pow63', R(F('integer', '9223372036854775808')), 'integer 2^63');
rec('22003', 'integer-below-int64', R(F('integer', '-9223372036854775809')), 'integer -2^63-1');
rec('22003', 'integer-uint64-max', R(F('integer', '18446744073709551615')), 'integer 2^64-1');
rec('22003', 'integer-2pow64', R(F('integer', '18446744073709551616')), 'integer 2^64');
rec('22003', 'integer-1e19', R(F('integer', '1e19')), 'integer 1e19');
rec('00000', 'integer-1e2', R(F('integer', '1e2')), 'integer 1e2 (= 100)');
rec('00000', 'integer-minus-zero', R(F('integer', '-0')), 'integer -0');
rec('00000', 'integer-zero-huge-exponent', R(F('integer', '0e999999999')), 'integer 0e999999999 (= 0)');
rec('22023', 'integer-fraction', R(F('integer', '1.5')), 'integer 1.5');
rec('22023', 'integer-small-exponent', R(F('integer', '1e-2')), 'integer 1e-2');
rec('22023', 'integer-tiny-fraction', R(F('integer', '1.0000000000000000000000001')), 'integer with a fraction in the 25th decimal');
rec('22003', 'integer-huge-exponent', R(F('integer', '1e999999999999999999')), 'integer 1e999999999999999999');
rec('22003', 'integer-string-2pow63', R(F('integer', '"9223372036854775808"')), 'integer "9223372036854775808"');
rec('22003', 'integer-string-below-int64', R(F('integer', '"-9223372036854775809"')), 'integer "-9223372036854775809"');
rec('22023', 'integer-string-fraction', R(F('integer', '"1.0"')), 'integer "1.0"');
rec('22023', 'integer-string-space', R(F('integer', '" 1"')), 'integer " 1"');
rec('22023', 'integer-string-empty', R(F('integer', '""')), 'integer ""');
rec('22023', 'integer-string-hex', R(F('integer', '"0x10"')), 'integer "0x10"');
rec('22023', 'integer-string-fullwidth', R(F('integer', qq("\xEF\xBC\x91"))), 'integer "１" (fullwidth digit)');
rect('22003', 'integer-10000-digits.json.tmpl', R(F('integer', '$$REPEAT(10000,9)$$')), 'integer of 10000 digits');
rect('22003', 'integer-string-10000-digits.json.tmpl', R(F('integer', '"$$REPEAT(10000,9)$$"')), 'integer string of 10000 digits');
rect('22003', 'json-10000-digits.json.tmpl', R(F('json', '[$$REPEAT(10000,9)$$]')), 'json value holding an integer of 10000 digits');
rec('22003', 'json-2pow64', R(F('json', '{"n":18446744073709551616}')), 'json value holding 2^64 (json-c cannot keep it)');
rec('00000', 'json-1e309', R(F('json', '[1e309]')), 'json value holding 1e309');
rec('22003', 'json-1e999999', R(F('json', '[1e999999]')), "json value holding 1e999999 (PostgreSQL's numeric overflows)");
rec('22003', 'json-1e-999999', R(F('json', '[1e-999999]')), "json value holding 1e-999999 (PostgreSQL's numeric overflows)");
rec('22003', 'unknown-member-2pow64', '{"extra":18446744073709551616,"fields":[' . $OKF . ']}', 'unknown member holding 2^64');
rec('22003', 'float-1e309', R(F('float', '1e309')), 'float 1e309');
rec('22003', 'float-minus-1e309', R(F('float', '-1e309')), 'float -1e309');
rec('22003', 'float-1e-400', R(F('float', '1e-400')), 'float 1e-400 (underflow)');
rec('22003', 'float-2e-324', R(F('float', '2e-324')), 'float 2e-324 (rounds to zero)');
rec('00000', 'float-min-subnormal', R(F('float', '4.9e-324')), 'float 4.9e-324');
rec('00000', 'float-max', R(F('float', '1.7976931348623157e308')), 'float DBL_MAX');
rec('22003', 'float-above-max', R(F('float', '1.7976931348623159e308')), 'float just above DBL_MAX');
rec('00000', 'float-minus-zero', R(F('float', '-0.0')), 'float -0.0');
rec('22023', 'float-string-nan', R(F('float', '"NaN"')), 'float "NaN"');
rec('22023', 'float-string-nan-lower', R(F('float', '"nan"')), 'float "nan"');
rec('22003', 'float-string-infinity', R(F('float', '"Infinity"')), 'float "Infinity"');
rec('22003', 'float-string-minus-inf', R(F('float', '"-inf"')), 'float "-inf"');
rec('22003', 'float-string-1e309', R(F('float', '"1e309"')), 'float "1e309"');
rec('22023', 'float-string-hex', R(F('float', '"0x1p3"')), 'float "0x1p3"');
rec('22023', 'float-string-empty', R(F('float', '""')), 'float ""');
rec('22023', 'float-string-spaces', R(F('float', '" 2.5"')), 'float " 2.5"');
rec('22023', 'float-string-comma', R(F('float', '"2,5"')), 'float "2,5"');
rect('22003', 'float-10000-digits.json.tmpl', R(F('float', '$$REPEAT(10000,1)$$.5')), 'float of 10000 digits');
rect('00000', 'float-10000-fraction-digits.json.tmpl', R(F('float', '0.$$REPEAT(10000,1)$$')), 'float with 10000 fraction digits');
rec('22007', 'display-ts-1e20', RM('"display_ts":1e20', $OKF), 'display_ts 1e20');
rec('22007', 'display-ts-before-year-1', RM('"display_ts":-62135596801', $OKF), 'display_ts one second before 0001-01-01');
rec('00000', 'display-ts-year-1', RM('"display_ts":-62135596800', $OKF), 'display_ts 0001-01-01T00:00:00Z as epoch seconds');
rec('00000', 'display-ts-last-microsecond', RM('"display_ts":253402300799.999999', $OKF), 'display_ts 9999-12-31T23:59:59.999999Z as epoch seconds');
rec('22007', 'display-ts-year-10000', RM('"display_ts":253402300800', $OKF), 'display_ts 10000-01-01 as epoch seconds');
rec('22007', 'display-ts-1e309', RM('"display_ts":1e309', $OKF), 'display_ts 1e309');
rec('22007', 'display-ts-int64-max', RM('"display_ts":9223372036854775807', $OKF), 'display_ts 2^63-1');
rec('00000', 'display-ts-minus-zero', RM('"display_ts":-0', $OKF), 'display_ts -0');
rec('00000', 'display-ts-tiny', RM('"display_ts":1e-999999999', $OKF), 'display_ts 1e-999999999 (rounds to the epoch)');
rec('22007', 'datetime-value-year-10000', R(F('datetime', '253402300800')), 'datetime value 10000-01-01 as epoch seconds');
rec('22007', 'datetime-value-1e309', R(F('datetime', '1e309')), 'datetime value 1e309');
rec('22007', 'datetime-value-uint64-max', R(F('datetime', '18446744073709551615')), 'datetime value 2^64-1');

# --- record: sizes -----------------------------------------------------------

rect('22001', 'string-10241-bytes.json.tmpl', R(F('string', '"$$REPEAT(10241,a)$$"')), 'string of 10241 bytes (limit 10240)');
rect('00000', 'string-10240-bytes.json.tmpl', R(F('string', '"$$REPEAT(10240,a)$$"')), 'string of exactly 10240 bytes');
rect('22001', 'string-5121-two-byte-chars.json.tmpl', R(F('string', qq("\$\$REPEAT(5121,\xC3\xA9)\$\$"))), 'string of 5121 é (10242 bytes)');
rect('22001', 'string-escaped-10241.json.tmpl', R(F('string', '"$$REPEAT(10241,\\u0061)$$"')), 'string of 10241 a written as \\u0061');
rect('22001', 'string-10mb.json.tmpl', R(F('string', "\"\$\$REPEAT($TEN_MB,x)\$\$\"")), 'string value of 10 MB');
rect('22001', 'external-id-10mb.json.tmpl', RM("\"external_id\":\"\$\$REPEAT($TEN_MB,x)\$\$\"", $OKF), 'external_id of 10 MB');
rect('22023', 'field-name-10mb.json.tmpl', R(F('string', '"x"', "\$\$REPEAT($TEN_MB,a)\$\$")), 'field name of 10 MB');
rect('22023', 'member-name-10mb.json.tmpl', "{\"\$\$REPEAT($TEN_MB,k)\$\$\":1,\"fields\":[$OKF]}", 'unknown member name of 10 MB');
rect('22023', 'unknown-member-value-10mb.json.tmpl', "{\"extra\":\"\$\$REPEAT($TEN_MB,v)\$\$\",\"fields\":[$OKF]}", 'unknown member with a value of 10 MB');
rect('22007', 'display-ts-10mb.json.tmpl', RM("\"display_ts\":\"2025-01-01T\$\$REPEAT($TEN_MB,0)\$\$\"", $OKF), 'display_ts of 10 MB');
rect('22001', 'json-value-10mb.json.tmpl', R(F('json', "[\"\$\$REPEAT($TEN_MB,j)\$\$\"]")), 'json value of 10 MB');
rect('22023', 'category-10mb.json.tmpl', R(F('string', '"x"', 'a', "\$\$REPEAT($TEN_MB,c)\$\$")), 'category of 10 MB');
rect('00000', 'whitespace-10mb.json.tmpl', "\$\$REPEAT($TEN_MB, )\$\$$OK\$\$REPEAT(1024,\n)\$\$", 'a valid body after 10 MB of spaces');
rect('22001', 'json-value-100k-numbers.json.tmpl', R(F('json', '[$$REPEAT(100000,1,)$$1]')), 'json value of 100000 numbers');
rect('22003', 'number-10mb.json.tmpl', R(F('float', "\$\$REPEAT($TEN_MB,7)\$\$")), 'a number of 10 MB digits');
rect('00000', 'external-id-255-chars.json.tmpl', RM('"external_id":"$$REPEAT(255,x)$$"', $OKF), 'external_id of 255 characters');
rect('22001', 'external-id-256-chars.json.tmpl', RM('"external_id":"$$REPEAT(256,x)$$"', $OKF), 'external_id of 256 characters');
rect('00000', 'external-id-255-euro.json.tmpl', RM(qq("external_id":"\$\$REPEAT(255,\xE2\x82\xAC)\$\$"), $OKF), 'external_id of 255 € (765 bytes)');
rect('22001', 'external-id-256-euro.json.tmpl', RM(qq("external_id":"\$\$REPEAT(256,\xE2\x82\xAC)\$\$"), $OKF), 'external_id of 256 €');
rec('22023', 'external-id-empty', RM('"external_id":""', $OKF), 'external_id ""');
rec('22023', 'external-id-fraction', RM('"external_id":1.5', $OKF), 'external_id 1.5');
rec('22023', 'external-id-exponent', RM('"external_id":1e2', $OKF), 'external_id 1e2');
rec('22023', 'external-id-boolean', RM('"external_id":false', $OKF), 'external_id false');
rec('22023', 'external-id-array', RM('"external_id":["a"]', $OKF), 'external_id ["a"]');
rec('22023', 'external-id-object', RM('"external_id":{"id":"a"}', $OKF), 'external_id {"id": "a"}');
rec('00000', 'external-id-null', RM('"external_id":null', $OKF), 'external_id null (absent)');
rec('00000', 'external-id-int64-min', RM('"external_id":-9223372036854775808', $OKF), 'external_id -2^63');
rec('00000', 'external-id-uint64-max', RM('"external_id":18446744073709551615', $OKF), 'external_id 2^64-1');
rec('23505', 'external-id-existing', RM('"external_id":"existing-1"', $OKF), 'external_id of a stored record');
rec('23505', 'external-id-integer-existing', RM('"external_id":42', $OKF), 'external_id 42, a stored record has "42"');
rec('00000', 'external-id-sql-injection', RM(q("external_id":"' OR 1=1; DROP TABLE feedback.records; --"), $OKF), 'external_id that looks like SQL injection');
rec('00000', 'field-name-63-bytes', R(F('string', '"x"', 'a' x 63)), 'field name of 63 bytes');
rec('22023', 'field-name-64-bytes', R(F('string', '"x"', 'a' x 64)), 'field name of 64 bytes');
rect('22023', 'field-name-10000.json.tmpl', R(F('string', '"x"', '$$REPEAT(10000,a)$$')), 'field name of 10000 bytes');

# --- record: structure -------------------------------------------------------

rec('22023', 'body-array', '[' . $OK . ']', 'body is an array');
rec('22023', 'body-string', '"fields"', 'body is a string');
rec('22023', 'body-number', '1', 'body is a number');
rec('22023', 'body-true', 'true', 'body is true');
rec('22023', 'body-null', 'null', 'body is null');
rec('23502', 'body-empty-object', '{}', 'body is {}');
rec('23502', 'fields-missing', '{"display_ts":"2025-01-01T00:00:00Z"}', 'no fields');
rec('23502', 'fields-null', '{"fields":null}', 'fields null');
rec('22023', 'fields-object', '{"fields":{' . join(',', map { "\"k$_\":$OKF" } 1 .. 2) . '}}', 'fields is an object');
rec('22023', 'fields-string', '{"fields":"[]"}', 'fields is a string');
rec('22023', 'fields-number', '{"fields":1}', 'fields is a number');
rec('22023', 'fields-true', '{"fields":true}', 'fields is true');
rec('22023', 'fields-empty', '{"fields":[]}', 'fields is empty');
rect('22023', 'fields-101.json.tmpl', '{"fields":[$$REPEAT(101,{"name":"f_$$I$$","category":"content","type":"string","value":"x"},)$$' . $OKF . ']}', 'fields of 102 entries (limit 100)');
rect('00000', 'fields-100.json.tmpl', '{"fields":[$$REPEAT(99,{"name":"f_$$I$$","category":"content","type":"string","value":"x"},)$$' . $OKF . ']}', 'fields of exactly 100 entries');
rect('22023', 'fields-5000.json.tmpl', '{"fields":[$$REPEAT(4999,{"name":"f_$$I$$","category":"content","type":"string","value":"x"},)$$' . $OKF . ']}', 'fields of 5000 entries');
rect('22023', 'fields-200000-nulls.json.tmpl', '{"fields":[$$REPEAT(199999,null,)$$null]}', 'fields of 200000 nulls');
rec('22023', 'entry-null', '{"fields":[null]}', 'an entry is null');
rec('22023', 'entry-array', '{"fields":[[]]}', 'an entry is an array');
rec('22023', 'entry-string', '{"fields":["body"]}', 'an entry is a string');
rec('22023', 'entry-number', '{"fields":[1]}', 'an entry is a number');
rec('22023', 'entry-true', '{"fields":[true]}', 'an entry is true');
rec('23502', 'entry-empty-object', '{"fields":[{}]}', 'an entry is {}');
rec('23502', 'entry-missing-value', R('{"name":"a","category":"content","type":"string"}'), 'entry without value');
rec('23502', 'entry-missing-name', R('{"category":"content","type":"string","value":"x"}'), 'entry without name');
rec('23502', 'entry-missing-category', R('{"name":"a","type":"string","value":"x"}'), 'entry without category');
rec('23502', 'entry-missing-type', R('{"name":"a","category":"content","value":"x"}'), 'entry without type');
rec('23502', 'entry-name-null', R('{"name":null,"category":"content","type":"string","value":"x"}'), 'entry name null');
rec('23502', 'entry-category-null', R('{"name":"a","category":null,"type":"string","value":"x"}'), 'entry category null');
rec('23502', 'entry-type-null', R('{"name":"a","category":"content","type":null,"value":"x"}'), 'entry type null');
rec('00000', 'entry-value-null', R(F('integer', 'null')), 'entry value null');
rec('22023', 'entry-extra-member', R('{"name":"a","category":"content","type":"string","value":"x","extra":1}'), 'entry with an extra member');
rec('22023', 'entry-name-misspelt', R('{"Name":"a","category":"content","type":"string","value":"x"}'), 'entry member Name');
rec('22023', 'entry-value-misspelt', R('{"name":"a","category":"content","type":"string","values":"x"}'), 'entry member values');
rec('22023', 'entry-category-misspelt', R('{"name":"a","categroy":"content","type":"string","value":"x"}'), 'entry member categroy');
rec('22023', 'entry-type-misspelt', R('{"name":"a","category":"content","tpye":"string","value":"x"}'), 'entry member tpye');
rec('22023', 'entry-all-misspelt', R('{"Name":"a","Category":"content","Type":"string","Value":"x"}'), 'every entry member capitalised');
rec('22023', 'entry-all-misspelt-2', R('{"nmae":"a","cat":"content","kind":"string","val":"x"}'), 'every entry member misspelt');
rect('22023', 'entry-5000-members.json.tmpl', R('{"name":"a","category":"content","type":"string","value":"x"$$REPEAT(5000,,"m$$I$$":$$I$$)$$}'), 'entry with 5000 extra members');
rec('22023', 'duplicate-field-names', R($OKF, $OKF), 'two entries named body');
rec('22023', 'duplicate-field-names-many', R(map { F('integer', $_, 'n') } 1 .. 20), '20 entries named n');
rec('00000', 'duplicate-entry-member-value', R('{"name":"a","category":"content","type":"string","value":{},"value":"x"}'), 'ACCEPTED, the last one wins: entry member value twice, first invalid');
rec('22023', 'duplicate-entry-member-name', R('{"name":"a","category":"content","type":"string","value":"x","name":"A B"}'), 'entry member name twice, the last invalid');
rec('22023', 'duplicate-member-fields-last-empty', '{"fields":[' . $OKF . '],"fields":[]}', 'fields twice, the last empty');
rec('00000', 'duplicate-member-fields-first-invalid', '{"fields":"x","fields":[' . $OKF . ']}', 'ACCEPTED, the last one wins: fields twice, the first invalid');
rec('00000', 'duplicate-member-external-id', '{"external_id":"existing-1","fields":[' . $OKF . '],"external_id":"new-1"}', 'ACCEPTED, the last one wins: external_id twice, the first a stored one');
rect('22023', 'duplicate-unknown-member-10000.json.tmpl', '{$$REPEAT(10000,"display_time":"2025-01-01",)$$"fields":[' . $OKF . ']}', 'unknown member display_time 10000 times');
rect('22023', 'unknown-members-10000.json.tmpl', '{$$REPEAT(10000,"k$$I$$":$$I$$,)$$"fields":[' . $OKF . ']}', '10000 unknown members');
rect('00000', 'duplicate-external-id-10000.json.tmpl', '{$$REPEAT(10000,"external_id":"e$$I$$",)$$"fields":[' . $OKF . ']}', 'ACCEPTED, the last one wins: external_id 10000 times');

my @members = (
	[ 'display_time', 'display-time' ], [ 'Fields', 'fields-capitalised' ], [ 'FIELDS', 'fields-upper' ],
	[ 'fields ', 'fields-trailing-space' ], [ ' fields', 'fields-leading-space' ], [ 'field', 'field' ],
	[ 'externalId', 'external-id-camel' ], [ 'external-id', 'external-id-hyphen' ], [ 'External_ID', 'external-id-mixed' ],
	[ 'personId', 'person-id-camel' ], [ 'person', 'person' ], [ 'displayTs', 'display-ts-camel' ],
	[ 'display_ts_', 'display-ts-underscore' ], [ 'source_id', 'source-id' ], [ 'id', 'id' ], [ '', 'empty' ],
	[ 'created_at', 'created-at' ], [ 'org_id', 'org-id' ],
);
for my $m (@members)
{
	my ($name, $slug) = @$m;
	rec('22023', "unknown-member-$slug", qq({"$name":"2025-01-01T00:00:00Z","fields":[$OKF]}), qq(unknown member "$name"));
}
rec('22023', 'all-members-misspelt', '{"Fields":[' . $OKF . '],"External_id":"a","Display_ts":"2025-01-01","Person_id":1}', 'every member capitalised');
rec('22023', 'all-members-misspelt-2', '{"field":[' . $OKF . '],"externalid":"a","display_time":"2025-01-01","person":1}', 'every member misspelt');

for my $c ('Content', 'contents', '', 'metadata ', ' content', 'CREATED_AT', 'created-at')
{
	(my $slug = $c eq '' ? 'empty' : lc $c) =~ s/[^a-z0-9]+/-/g;
	$slug =~ s/^-|-$//g;
	$slug .= $c =~ /^ / ? '-lead' : $c =~ / $/ ? '-trail' : $c =~ /[A-Z]/ ? '-caps' : '';
	rec('22023', "category-$slug", R(F('string', '"x"', 'a', $c)), qq(category "$c"));
}
rec('22023', 'category-number', R('{"name":"a","category":1,"type":"string","value":"x"}'), 'category 1');
rec('22023', 'category-true', R('{"name":"a","category":true,"type":"string","value":"x"}'), 'category true');
rec('22023', 'category-array', R('{"name":"a","category":["content"],"type":"string","value":"x"}'), 'category ["content"]');
rec('22023', 'category-object', R('{"name":"a","category":{},"type":"string","value":"x"}'), 'category {}');
for my $t ('String', 'str', 'int', 'text', 'timestamp', 'number', '', 'json ', 'DATE')
{
	(my $slug = $t eq '' ? 'empty' : lc $t) =~ s/[^a-z0-9]+/-/g;
	$slug =~ s/^-|-$//g;
	$slug .= $t =~ / $/ ? '-trail' : $t =~ /[A-Z]/ ? '-caps' : '';
	rec('22023', "type-$slug", R(F($t, '"x"')), qq(type "$t"));
}
rec('22023', 'type-seven', R('{"name":"a","category":"content","type":7,"value":"x"}'), 'type 7');
rec('22023', 'type-array', R('{"name":"a","category":"content","type":["string"],"value":"x"}'), 'type ["string"]');
for my $n ([ '', 'empty' ], [ 'Ticket Body', 'words' ], [ 'ticketBody', 'camel-case' ], [ '1abc', 'digit-first' ],
	[ '_a', 'underscore-first' ], [ 'a-b', 'hyphen' ], [ "\xC3\xA4", 'umlaut' ], [ 'a b', 'space' ], [ 'a.b', 'dot' ],
	[ '$ref', 'dollar-ref' ], [ 'A', 'capital' ], [ "x'; select 1; --", 'sql' ])
{
	my ($name, $slug) = @$n;
	rec('22023', "field-name-$slug", R(F('string', '"x"', $name)), qq(field name "$name"));
}
rec('22023', 'field-name-number', R('{"name":123,"category":"content","type":"string","value":"x"}'), 'field name 123');
rec('22023', 'field-name-true', R('{"name":true,"category":"content","type":"string","value":"x"}'), 'field name true');
rec('22023', 'field-name-array', R('{"name":["a"],"category":"content","type":"string","value":"x"}'), 'field name ["a"]');
rec('22023', 'field-name-object', R('{"name":{},"category":"content","type":"string","value":"x"}'), 'field name {}');
rec('22023', 'registry-type-mismatch', R(F('string', '"12"', 'registered_int', 'metadata')), 'registered integer field sent as string');
rec('22023', 'registry-category-mismatch', R(F('integer', '12', 'registered_int', 'content')), 'registered metadata field sent as content');
rec('22023', 'many-problems', R(map { F('integer', '"x"', "f$_") } 1 .. 40), '40 invalid values (more problems than are listed)');

# --- record: every type, wrong values --------------------------------------

my %bad = (
	string => [ [ '22023', 'object', '{}' ], [ '22023', 'array', '[]' ], [ '22023', 'nested-object', '{"a":"b"}' ] ],
	integer => [ [ '22023', 'true', 'true' ], [ '22023', 'object', '{}' ], [ '22023', 'array', '[1]' ], [ '22023', 'word', '"abc"' ] ],
	float => [ [ '22023', 'true', 'true' ], [ '22023', 'object', '{}' ], [ '22023', 'array', '[1.5]' ], [ '22023', 'word', '"abc"' ] ],
	boolean => [ [ '22023', 'y', '"Y"' ], [ '22023', 'two', '2' ], [ '22023', 'one-point-zero', '1.0' ], [ '22023', 'one-e0', '1e0' ],
		[ '22023', 'minus-one', '-1' ], [ '22023', 'object', '{}' ], [ '22023', 'array', '[true]' ], [ '22023', 'empty', '""' ],
		[ '22023', 'true-space', '"true "' ], [ '22023', 'on', '"on"' ] ],
	date => [ [ '22007', 'number', '20250101' ], [ '22007', 'true', 'true' ], [ '22007', 'object', '{}' ], [ '22007', 'array', '["2025-01-01"]' ],
		[ '22007', 'feb-30', '"2025-02-30"' ], [ '22007', 'short', '"2025-1-1"' ], [ '22007', 'datetime', '"2025-01-01T00:00:00Z"' ],
		[ '22007', 'year-0', '"0000-01-01"' ], [ '22007', 'feb-29-1900', '"1900-02-29"' ], [ '22007', 'year-10000', '"10000-01-01"' ],
		[ '22007', 'leading-space', '" 2025-01-01"' ], [ '22007', 'slashes', '"2025/01/01"' ], [ '22007', 'month-13', '"2025-13-01"' ],
		[ '22007', 'day-0', '"2025-01-00"' ], [ '22007', 'fullwidth', qq("\xEF\xBC\x92025-01-01") ] ],
	datetime => [ [ '22007', 'true', 'true' ], [ '22007', 'object', '{}' ], [ '22007', 'array', '[]' ],
		[ '22007', 'hour-25', '"2025-01-01T25:00:00Z"' ], [ '22007', 'minute-60', '"2025-01-01T10:60:00Z"' ],
		[ '22007', 'empty-fraction', '"2025-01-01T10:30:00.Z"' ], [ '22007', 'offset-one-digit', '"2025-01-01T10:30:00+5"' ],
		[ '22007', 'offset-24', '"2025-01-01T10:30:00+24:00"' ], [ '22007', 'after-24', '"2025-01-01T24:00:01Z"' ],
		[ '22007', 'leap-second-at-end', '"9999-12-31T23:59:60Z"' ], [ '22007', 'before-year-1', '"0001-01-01T00:00:00+00:01"' ],
		[ '22007', 'trailing-space', '"2025-01-01T10:30:00Z "' ], [ '22007', 'now', '"now"' ], [ '22007', 'empty', '""' ],
		[ '22007', 'offset-minutes-60', '"2025-01-01T10:30:00+01:60"' ], [ '22007', 'two-separators', '"2025-01-01TT10:30:00Z"' ],
		[ '22007', 'seconds-61', '"2025-01-01T10:30:61Z"' ], [ '22007', 'string-nan', '"NaN"' ], [ '22007', 'string-epoch', '"1736937912"' ] ],
	json => [ [ '22001', 'too-large', '["' . ('x' x 10240) . '"]' ] ],
);
for my $type (sort keys %bad)
{
	for my $b (@{ $bad{$type} })
	{
		my ($sqlstate, $slug, $value) = @$b;
		rec($sqlstate, "$type-value-$slug", R(F($type, $value)), "$type value " . (length $value > 40 ? substr($value, 0, 37) . '...' : $value));
	}
}
my %good = (
	string => [ [ 'true', 'true' ], [ 'number-text', '1.50' ], [ 'sql-injection', q{"'); DROP TABLE feedback.records; --"} ] ],
	integer => [ [ 'plus-string', '"+5"' ], [ 'minus-zero-string', '"-0"' ] ],
	float => [ [ 'numeric-string', '"2.5"' ], [ 'exponent-string', '"1E-5"' ] ],
	boolean => [ [ 'yes-caps', '"YES"' ], [ 'zero', '0' ] ],
	date => [ [ 'feb-29-2024', '"2024-02-29"' ], [ 'year-9999', '"9999-12-31"' ], [ 'year-1', '"0001-01-01"' ] ],
	datetime => [ [ 'end-of-day', '"2025-01-01T24:00:00Z"' ], [ 'leap-second', '"2016-12-31T23:59:60Z"' ],
		[ 'long-fraction', '"2025-01-01T10:30:00.12345678901234567890123456789Z"' ], [ 'space-separator', '"2025-01-01 10:30"' ],
		[ 'rounds-up', '"2025-01-01T23:59:59.9999995Z"' ] ],
	json => [ [ 'scalar-string', '"x"' ], [ 'duplicate-keys', '{"a":1,"a":2}' ], [ 'empty-key', '{"":""}' ] ],
);
for my $type (sort keys %good)
{
	for my $g (@{ $good{$type} })
	{
		my ($slug, $value) = @$g;
		rec('00000', "$type-value-ok-$slug", R(F($type, $value)), "$type value $value (valid)");
	}
}

# --- person --------------------------------------------------------------

sub per { add('person', @_) }
sub pert { addt('person', @_) }
my $EMAIL = '"email":"hostile@example.com"';

per('22P02', 'empty', '', 'empty body');
per('22P02', 'truncated', '{"email":"a@example.com"', 'body not closed');
per('22P02', 'trailing-comma', '{"email":"a@example.com",}', 'trailing comma');
per('22P02', 'nan', '{"email":"a@example.com","first_name":NaN}', 'NaN');
per('22021', 'latin1-name', qq({"email":"a\@example.com","first_name":"Ren\xE9"}), 'Latin-1 é (E9) in first_name');
per('22023', 'body-array', '[]', 'body is an array');
per('22023', 'body-null', 'null', 'body is null');
per('23502', 'body-empty-object', '{}', 'body is {}');
per('23502', 'email-null', '{"email":null}', 'email null');
per('22023', 'email-empty', '{"email":""}', 'email ""');
per('22023', 'email-spaces', '{"email":"   "}', 'email of spaces');
per('22023', 'email-no-at', '{"email":"no-at.example.com"}', 'email without @');
per('22023', 'email-no-dot', '{"email":"a@b"}', 'email domain without a dot');
per('22023', 'email-two-ats', '{"email":"a@@example.com"}', 'email with two @');
per('22023', 'email-empty-local', '{"email":"@example.com"}', 'email with an empty local part');
per('22023', 'email-dot-domain', '{"email":"a@.com"}', 'email domain starting with a dot');
per('22023', 'email-inner-space', '{"email":"a b@example.com"}', 'email with a space');
per('22023', 'email-number', '{"email":123}', 'email 123');
per('22023', 'email-true', '{"email":true}', 'email true');
per('22023', 'email-array', '{"email":["a@example.com"]}', 'email as an array');
per('22023', 'email-object', '{"email":{"address":"a@example.com"}}', 'email as an object');
per('22023', 'email-control', '{"email":"jo\\u0001hn@example.com"}', 'email with U+0001');
per('22023', 'email-nul', '{"email":"\\u0000@example.com"}', 'email with \\u0000');
per('22023', 'email-c1-control', '{"email":"jo\\u0085hn@example.com"}', 'email with U+0085');
per('00000', 'email-normalized', '{"email":" John@Example.COM \\n"}', 'email with spaces and capitals (trimmed and lower-cased)');
pert('22001', 'email-256.json.tmpl', '{"email":"$$REPEAT(244,a)$$@example.com"}', 'email of 256 characters');
pert('22001', 'email-10mb.json.tmpl', "{\"email\":\"\$\$REPEAT($TEN_MB,a)\$\$\@example.com\"}", 'email of 10 MB');
per('22023', 'email-misspelt', '{"Email":"a@example.com"}', 'member Email');
per('22023', 'email-hyphen', '{"e-mail":"a@example.com"}', 'member e-mail');
pert('22001', 'first-name-256.json.tmpl', '{' . $EMAIL . ',"first_name":"$$REPEAT(256,n)$$"}', 'first_name of 256 characters');
pert('22001', 'first-name-10mb.json.tmpl', '{' . $EMAIL . ",\"first_name\":\"\$\$REPEAT($TEN_MB,n)\$\$\"}", 'first_name of 10 MB');
per('22023', 'first-name-empty', '{' . $EMAIL . ',"first_name":""}', 'first_name ""');
per('22023', 'first-name-tab', '{' . $EMAIL . ',"first_name":"\\t"}', 'first_name of a tab');
per('22023', 'first-name-number', '{' . $EMAIL . ',"first_name":1}', 'first_name 1');
per('22023', 'first-name-inner-newline', '{' . $EMAIL . ',"first_name":"a\\nb"}', 'first_name with a line feed');
per('00000', 'first-name-lone-surrogate', '{' . $EMAIL . ',"first_name":"\\ud800"}', 'ACCEPTED, stored as U+FFFD: first_name a lone surrogate');
per('22023', 'last-name-array', '{' . $EMAIL . ',"last_name":[]}', 'last_name []');
per('22023', 'boundary-capitalised', '{' . $EMAIL . ',"boundary":"Internal"}', 'boundary "Internal"');
per('22023', 'boundary-empty', '{' . $EMAIL . ',"boundary":""}', 'boundary ""');
per('22023', 'boundary-number', '{' . $EMAIL . ',"boundary":1}', 'boundary 1');
per('00000', 'boundary-null', '{' . $EMAIL . ',"boundary":null}', 'boundary null (absent)');
per('22023', 'company-array', '{' . $EMAIL . ',"company":[]}', 'company []');
per('22023', 'company-string', '{' . $EMAIL . ',"company":"Acme"}', 'company "Acme"');
per('22023', 'company-empty', '{' . $EMAIL . ',"company":{}}', 'company {}');
per('22023', 'company-nulls', '{' . $EMAIL . ',"company":{"name":null,"domain":null}}', 'company with null name and domain');
per('22023', 'company-localhost', '{' . $EMAIL . ',"company":{"domain":"localhost"}}', 'company domain without a dot');
per('22023', 'company-domain-space', '{' . $EMAIL . ',"company":{"domain":"exa mple.com"}}', 'company domain with a space');
per('22023', 'company-domain-port', '{' . $EMAIL . ',"company":{"domain":"example.com:abc"}}', 'company domain with a bad port');
per('22023', 'company-domain-hyphen', '{' . $EMAIL . ',"company":{"domain":"-a.com"}}', 'company domain label starting with -');
per('22023', 'company-domain-label-64', '{' . $EMAIL . ',"company":{"domain":"' . ('a' x 64) . '.com"}}', 'company domain label of 64 bytes');
per('22001', 'company-domain-300', '{' . $EMAIL . ',"company":{"domain":"' . join('.', ('a' x 60) x 5) . '"}}', 'company domain of 304 characters');
per('22023', 'company-domain-nul', '{' . $EMAIL . ',"company":{"domain":"ex\\u0000ample.com"}}', 'company domain with \\u0000');
per('22023', 'company-domain-unicode', '{' . $EMAIL . ',"company":{"domain":"' . "\xC3\xA9" . '.com"}}', 'company domain é.com');
per('22023', 'company-domain-number', '{' . $EMAIL . ',"company":{"name":"x","domain":1}}', 'company domain 1');
per('22023', 'company-domain-empty-host', '{' . $EMAIL . ',"company":{"domain":"https://:443/x"}}', 'company domain URL with no host');
per('00000', 'company-domain-url', '{' . $EMAIL . ',"company":{"domain":"https://user@Example.COM:8080/x?y#z"}}', 'company domain URL (reduced to its host)');
per('22023', 'company-member-misspelt', '{' . $EMAIL . ',"company":{"Name":"x"}}', 'company member Name');
pert('22023', 'company-nested-300.json.tmpl', '{' . $EMAIL . ',"company":$$REPEAT(300,{"name":)$$"x"$$REPEAT(300,})$$}', 'company of 300 nested objects');
pert('22023', 'unknown-members-5000.json.tmpl', '{' . $EMAIL . '$$REPEAT(5000,,"k$$I$$":1)$$}', '5000 unknown members');
pert('54001', 'nested-100000.json.tmpl', '{' . $EMAIL . ',"x":$$REPEAT(100000,[)$$$$REPEAT(100000,])$$}', "100000 nested arrays (PostgreSQL's json input runs out of stack)");
per('22003', 'huge-integer', '{' . $EMAIL . ',"first_name":18446744073709551616}', 'first_name 2^64');

# --- source --------------------------------------------------------------

sub src { add('source', @_) }
sub srct { addt('source', @_) }

src('22P02', 'empty', '', 'empty body');
src('22P02', 'truncated', '{"name":"x"', 'body not closed');
src('22P02', 'single-quotes', q({'name':'x'}), 'single-quoted strings');
src('22021', 'latin1-name', qq({"name":"Caf\xE9"}), 'Latin-1 é (E9) in the name');
src('22023', 'body-array', '[]', 'body is an array');
src('22023', 'body-string', '"x"', 'body is a string');
src('23502', 'body-empty-object', '{}', 'body is {}');
src('23502', 'name-null', '{"name":null}', 'name null');
src('23502', 'type-only', '{"type":"api"}', 'type without a name');
src('22023', 'name-empty', '{"name":""}', 'name ""');
src('22023', 'name-spaces', '{"name":"   "}', 'name of spaces');
srct('22001', 'name-256.json.tmpl', '{"name":"$$REPEAT(256,n)$$"}', 'name of 256 characters');
srct('00000', 'name-255.json.tmpl', '{"name":"$$REPEAT(255,n)$$"}', 'name of 255 characters');
srct('22001', 'name-10mb.json.tmpl', "{\"name\":\"\$\$REPEAT($TEN_MB,n)\$\$\"}", 'name of 10 MB');
src('22023', 'name-inner-tab', '{"name":"a\\tb"}', 'name with a tab');
src('22023', 'name-nul', '{"name":"\\u0000"}', 'name \\u0000');
src('22023', 'name-c1-control', '{"name":"a\\u0085b"}', 'name with U+0085');
src('22023', 'name-number', '{"name":1}', 'name 1');
src('22023', 'name-array', '{"name":["x"]}', 'name ["x"]');
src('22023', 'name-object', '{"name":{}}', 'name {}');
src('23505', 'name-taken', '{"name":"Hostile"}', 'name of an existing source');
src('23505', 'name-taken-case-spaces', '{"name":"  hOSTILE  "}', 'name of an existing source, other case, spaces around');
src('00000', 'name-lone-surrogate', '{"name":"\\ud800"}', 'ACCEPTED, stored as U+FFFD: name a lone surrogate');
src('00000', 'name-duplicate-member', '{"name":"Hostile","name":"Fresh"}', 'ACCEPTED, the last one wins: name twice, the first taken');
src('22023', 'type-capitalised', '{"name":"x","type":"API"}', 'type "API"');
src('22023', 'type-empty', '{"name":"x","type":""}', 'type ""');
src('22023', 'type-64-bytes', '{"name":"x","type":"' . ('a' x 64) . '"}', 'type of 64 bytes');
src('00000', 'type-null', '{"name":"x","type":null}', 'type null (the default)');
src('22023', 'type-number', '{"name":"x","type":1}', 'type 1');
src('22023', 'type-space', '{"name":"x","type":"web hook"}', 'type "web hook"');
src('22023', 'name-misspelt', '{"Name":"x"}', 'member Name');
src('22023', 'unknown-member-id', '{"name":"x","id":1}', 'member id');
srct('22023', 'nested-300.json.tmpl', '{"name":"x","type":$$REPEAT(300,[)$$$$REPEAT(300,])$$}', 'type of 300 nested arrays');
src('22003', 'huge-integer', '{"name":"x","type":-9223372036854775809}', 'type -2^63-1');

# --- write --------------------------------------------------------------------

for my $t (qw(record person source))
{
	remove_tree("$dir/$t");
	make_path("$dir/$t");
}
my %n;
open my $manifest, '>', "$dir/MANIFEST.tsv" or die $!;
print $manifest "# file\ttarget\tsqlstate\twhat  (generated by generate.pl; see README.md)\n";
for my $c (@cases)
{
	my ($target, $sqlstate, $slug, $body, $what, $tmpl) = @$c;
	my $prefix = substr($target, 0, 1);
	$slug =~ s/\.json\.tmpl$//;
	my $file = sprintf('%s/%s%03d-%s.json%s', $target, $prefix, ++$n{$target}, $slug, $tmpl ? '.tmpl' : '');
	open my $fh, '>:raw', "$dir/$file" or die "$file: $!";
	print $fh $body;
	close $fh;
	$what =~ s/[\t\n]/ /g;
	print $manifest "$file\t$target\t$sqlstate\t$what\n";
}
close $manifest;
printf "%d cases: %s\n", scalar @cases, join(', ', map { "$_ $n{$_}" } sort keys %n);
