"""Review tests: the root's personas and labs (tests/conftest.py), Alice's graded work
(`graded_alice`) among them."""
