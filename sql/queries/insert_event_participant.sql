-- One person taking part in an event, in one role (basis: stated by the text, or inferred).
INSERT INTO event_participants (event_id, person_id, mention_id, name, role, basis, start, end)
VALUES (:event_id, :person_id, :mention_id, :name, :role, :basis, :start, :end)
