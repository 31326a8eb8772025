"""The hostile upload corpus (tests/hardening/make_corpus.py): what a case is, and the cases."""
