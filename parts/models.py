"""Models of the parts app (filled by its issue)."""
