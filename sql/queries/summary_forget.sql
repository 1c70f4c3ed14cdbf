-- Drops the stored summary: a build that changes the articles stores it anew when it
-- finishes, and one killed before that leaves none (readers then count).
DELETE FROM corpus_meta WHERE key GLOB 'summary.*'
