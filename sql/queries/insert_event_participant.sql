-- One person taking part in an event, in one role.
INSERT INTO event_participants (event_id, person_id, mention_id, name, role, start, end)
VALUES (:event_id, :person_id, :mention_id, :name, :role, :start, :end)
