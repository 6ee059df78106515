"""Posts: written by users, public to read, paginated by keyset."""
