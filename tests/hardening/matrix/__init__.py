"""The authorization matrix: every URL pattern, asked by seven personas with real and guessed
ids.

- probes.py: the personas and the expectation helpers (every, members, reviewers, api, ...);
- rows_*.py: one table of expectations per area of the site (a dict, route name -> probes);
- table.py: those tables as one MATRIX, the URL walk, and `probes_for(name)`, so that
  tests/hardening/test_authorization_matrix.py checks every URL pattern in one place;
- world.py: the data every probe asks about (two cohorts, their people, labs, submissions);
- runner.py: asking the probes and comparing the answers.

A new URL pattern without an expectation fails `test_every_url_pattern_has_an_expectation`:
add a row to the area's table when you add a route (a new area: a new rows_*.py, listed in
table.py).
"""
