"""catalogue package."""
