-- People: PUT /people as feedback.put_person(body), an upsert by e-mail address.
SELECT test.reset();

SELECT feedback.create_organization('Acme') AS acme,
       feedback.create_organization('Globex') AS globex \gset

BEGIN;
SELECT feedback.set_org(:acme);

-- The API reference's example creates John and his company.
SELECT test.stable(feedback.put_person('{"first_name": "John", "last_name": "Doe", "email": "john@example.com",
  "boundary": "external", "company": {"name": "Example Corp", "domain": "example.com"}}'));

-- The same address, trimmed and case-folded, is the same person; absent and
-- null members keep their stored values, present ones replace them.
SELECT test.stable(feedback.put_person('{"email": "  John@EXAMPLE.com ", "first_name": null, "last_name": "Doe-Smith"}'));

-- The company is found by its normalized domain: scheme, port and path go.
SELECT test.stable(feedback.put_person('{"email": "jane@example.com", "company": {"domain": "HTTPS://Example.COM:443/about?x=1"}}'));
-- A name alone finds the company of that name; a new name makes a new company.
SELECT feedback.put_person('{"email": "ann@example.com", "company": {"name": "example corp"}}')->'company_id' AS company_id;
SELECT feedback.put_person('{"email": "bob@initech.com", "company": {"name": "Initech"}}')->'company_id' AS company_id;
SELECT feedback.put_person('{"email": "bob2@initech.com", "company": {"name": "INITECH"}}')->'company_id' AS company_id;
-- A known domain with a new name renames the company.
SELECT feedback.put_person('{"email": "jane@example.com", "company": {"name": "Example Corporation", "domain": "example.com"}}')->'company_id' AS company_id;
SELECT id, name, domain FROM feedback.companies ORDER BY id;

-- boundary is internal or external.
SELECT feedback.put_person('{"email": "eve@acme.test", "boundary": "internal"}')->>'boundary' AS boundary;
COMMIT;

-- An upsert that changes nothing leaves updated_at alone; a change moves it.
SELECT created_at = updated_at AS untouched FROM feedback.people WHERE email = 'eve@acme.test';
BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.put_person('{"email": "eve@acme.test", "boundary": "internal"}')->>'id' AS id;
COMMIT;
SELECT created_at = updated_at AS untouched FROM feedback.people WHERE email = 'eve@acme.test';
BEGIN;
SELECT feedback.set_org(:acme);
SELECT feedback.put_person('{"email": "eve@acme.test", "first_name": "Eve"}')->>'first_name' AS first_name;
COMMIT;
SELECT created_at < updated_at AS updated FROM feedback.people WHERE email = 'eve@acme.test';

-- The same address in another organization is another person.
BEGIN;
SELECT feedback.set_org(:globex);
SELECT test.stable(feedback.put_person('{"email": "john@example.com"}'));
COMMIT;

-- Bad bodies: each rejected with its SQLSTATE, nothing stored.
BEGIN;
SELECT feedback.set_org(:acme);
SELECT count(*) AS people_before FROM feedback.people;
SELECT left(body, 60) AS body, test.try(format('SELECT feedback.put_person(%L)', body)) AS outcome
FROM (VALUES
	('{}'),
	('{"first_name": "John"}'),
	('{"email": null}'),
	('{"email": 42}'),
	('{"email": "john"}'),
	('{"email": "john@"}'),
	('{"email": "@example.com"}'),
	('{"email": "john@localhost"}'),
	('{"email": "jo hn@example.com"}'),
	('{"email": "a@example.com", "boundary": "partner"}'),
	('{"email": "a@example.com", "first_name": 7}'),
	('{"email": "a@example.com", "first_name": "' || repeat('x', 256) || '"}'),
	('{"email": "a@example.com", "company": {}}'),
	('{"email": "a@example.com", "company": "Acme"}'),
	('{"email": "a@example.com", "company": {"domain": "not a domain"}}'),
	('{"email": "a@example.com", "company": {"name": "Acme", "size": 10}}'),
	('{"email": "a@example.com", "phone": "555"}'),
	('[]')
) AS t(body);
SELECT count(*) AS people_after FROM feedback.people;
COMMIT;

SELECT org_id, id, email, first_name, last_name, boundary, company_id FROM feedback.people ORDER BY id;
