"""What every resource shares: errors, authentication, wire rules, the OpenAPI document, the database settings."""
