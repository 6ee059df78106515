"""What every resource shares: problems, bearer auth, preconditions, strict input, HTTP plumbing."""
