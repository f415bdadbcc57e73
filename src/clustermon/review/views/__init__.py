"""Review views, split by concept: reviewer lists, one submission, on-site checks, progress."""
