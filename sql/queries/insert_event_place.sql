-- One place of an event.
INSERT INTO event_places (event_id, adcode, name, start, end)
VALUES (:event_id, :adcode, :name, :start, :end)
