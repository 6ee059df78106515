"""For the comparison only: the same-shape floor app and the database-policy log; a copy of this app drops it."""
