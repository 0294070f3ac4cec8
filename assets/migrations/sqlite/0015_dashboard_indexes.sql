-- Schema 15 on SQLite: as on PostgreSQL, the dashboard reads the cases closed in the period, the
-- open ones and the period's ratings through an index instead of every row. Numbered 15: 14 is kept
-- for case transfers (issue 16).
CREATE INDEX cases_closed ON cases(closed_at);                    -- the backlog: closed_at IS NULL
CREATE INDEX cases_status_closed ON cases(status, closed_at);    -- completed or rejected in the period
CREATE INDEX feedback_created ON feedback(created_at);
