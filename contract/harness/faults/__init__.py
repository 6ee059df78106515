"""What the reliability and security tests (contract/faults) use: a client, steady load, /proc, figures."""
