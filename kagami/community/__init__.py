"""community package."""
