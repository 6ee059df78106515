"""Run implementations and their databases for tests and load runs."""
