"""Everything that writes outcomes: `intent` (the survey and its lock), `records` (job-search
records and their evidence), `reports` (publishing a frozen snapshot), `reminders`."""
