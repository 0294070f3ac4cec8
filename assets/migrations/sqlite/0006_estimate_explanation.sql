-- Schema 6: one line for the customer on a repair's estimate, in words they understand ("The screen's
-- backlight has failed; we replace the panel."): the diagnosis stays internal, and a bill with no
-- reason is not one people approve with confidence. '' when the staff wrote none.
ALTER TABLE cases ADD COLUMN estimate_explanation TEXT NOT NULL DEFAULT '';
