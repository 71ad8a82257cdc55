"""Solve jobs in worker processes (never on the event loop), a bounded number at once."""
