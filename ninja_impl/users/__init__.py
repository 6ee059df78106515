"""Users: registration, bearer tokens, profiles and account deletion."""
