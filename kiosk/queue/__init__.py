"""The queue: tickets and their codes, the one calling order, and the officer's console steps."""
