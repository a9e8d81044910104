-- Reads filter on started_at (indexed) and group by day; a second index only made every insert dearer.
DROP INDEX usage_request_day;
