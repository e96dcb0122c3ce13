"""Benchmarks: ``make bench`` runs every ``bench/bench_*.py`` module's ``main()``.

Results are printed, never asserted; each benchmark measures against a baseline run in the same
process or the same run, because the machines are noisy.
"""
