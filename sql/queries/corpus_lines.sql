-- The corpus evidence: each short line's hash and the number of documents it is in.
SELECT hash, docs FROM corpus_lines
