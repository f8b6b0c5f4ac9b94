"""oauth package."""
