"""`make compose-check`: docker-compose.yml built and run for real, and checked from the host."""
