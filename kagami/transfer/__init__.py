"""Data in and out: MAL list export import/export and the lossless Kagami JSON backup (#15)."""
