"""The FastAPI service (a thin adapter over matcher)."""
