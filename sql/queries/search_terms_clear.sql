-- Drops every impact list before a refresh.
DELETE FROM search_terms
