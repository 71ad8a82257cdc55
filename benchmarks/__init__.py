"""On-demand benchmarks of the batch core (see benchmarks/README.md); never run by `pytest`."""
