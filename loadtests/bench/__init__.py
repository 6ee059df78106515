"""make compare: fair, repeatable load tests of every implementation, and their reports."""
