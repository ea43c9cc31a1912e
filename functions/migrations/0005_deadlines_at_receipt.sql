-- A request's deadlines are computed once, when it reaches the company (it
-- is confirmed and forwarded), and stored with it: due_by is one month
-- after receipt and latest_due_by three months, each moved to the next
-- working day of the company's country (app/calendar/holidays.go). Until
-- confirmation both are ''. Requests confirmed before this migration keep
-- their due_by; their latest date is left to be read from request.json.
ALTER TABLE requests ADD COLUMN latest_due_by TEXT NOT NULL DEFAULT '';
