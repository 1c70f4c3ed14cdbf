-- The id of the organization stored under this canonical name.
SELECT id FROM organizations WHERE canonical = :canonical
