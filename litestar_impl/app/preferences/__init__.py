"""The settings resource: each user's preferences (named so to stay clear of app config)."""
