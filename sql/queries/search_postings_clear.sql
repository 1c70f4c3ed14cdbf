-- Drops every posting list before a refresh.
DELETE FROM search_postings
