"""Benchmarks: `make bench` writes bench/results.json and docs/benchmarks.md."""
