"""Tests of the AniList v1 REST dialect (seed 001)."""
