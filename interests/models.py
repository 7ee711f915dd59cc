"""Models of the interests app (filled by its issue)."""
