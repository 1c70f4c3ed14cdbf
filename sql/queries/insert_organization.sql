-- An organization, created on first sight; a canonical name already stored is left as
-- it is (then organization_by_canonical.sql gives its id). No RETURNING, as in
-- insert_person.sql.
INSERT INTO organizations (canonical, kind, level, adcode) VALUES (:canonical, :kind, :level, :adcode)
ON CONFLICT (canonical) DO NOTHING
