"""Weekly forecasts of case volumes and the proactive items they raise (未诉先办)."""
