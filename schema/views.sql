-- Views: the joins users want most, as tables they can facet, sort and
-- download whole (`_stream=on`), with names instead of ids.

CREATE VIEW claims_by_speaker AS
SELECT claims.id AS claim_id,
       claims.document_id,
       documents.title AS document_title,
       documents.published,
       claims.comment_id,
       claims.person_id,
       people.name AS speaker,
       claims.kind,
       claims.topic,
       claims.text
FROM claims
JOIN documents ON documents.id = claims.document_id
LEFT JOIN people ON people.id = claims.person_id;

CREATE VIEW people_in_documents AS
SELECT document_people.document_id,
       documents.title AS document_title,
       documents.published,
       document_people.person_id,
       people.name AS person,
       document_people.role
FROM document_people
JOIN documents ON documents.id = document_people.document_id
JOIN people ON people.id = document_people.person_id;

CREATE VIEW organizations_in_documents AS
SELECT document_organizations.document_id,
       documents.title AS document_title,
       documents.published,
       document_organizations.organization_id,
       organizations.name AS organization,
       organizations.kind
FROM document_organizations
JOIN documents ON documents.id = document_organizations.document_id
JOIN organizations ON organizations.id = document_organizations.organization_id;

CREATE VIEW affiliations_named AS
SELECT affiliations.person_id,
       people.name AS person,
       affiliations.organization_id,
       organizations.name AS organization,
       organizations.kind AS organization_kind,
       affiliations.title,
       affiliations.document_id
FROM affiliations
JOIN people ON people.id = affiliations.person_id
JOIN organizations ON organizations.id = affiliations.organization_id;
