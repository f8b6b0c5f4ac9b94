"""mal package."""
