"""Tests named by SECURITY.md item id (AZ, IV) across every dialect."""
