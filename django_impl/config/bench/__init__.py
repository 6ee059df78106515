"""For the comparison only: the same-shape floor app and the database-policy log; a copier drops the package."""
