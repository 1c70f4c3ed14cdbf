-- The id of the organization with this canonical name, created on first sight.
INSERT INTO organizations (canonical, kind, level, adcode) VALUES (:canonical, :kind, :level, :adcode)
ON CONFLICT (canonical) DO UPDATE SET canonical = excluded.canonical
RETURNING id
