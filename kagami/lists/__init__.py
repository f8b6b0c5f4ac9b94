"""lists package."""
