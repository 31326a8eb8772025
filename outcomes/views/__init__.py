"""Outcomes pages: `graduate` (intent survey, my job search, evidence), `career` (career
staff: pipeline, records on a graduate's behalf, verifying evidence, intent changes) and
`public` (the published reports, staff's live report, publishing, the auditor's CSV)."""
