"""Public results of the hotline (``/12345/results/``): figures only, no login, no personal data."""
