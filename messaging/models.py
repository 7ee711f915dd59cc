"""Models of the messaging app (filled by its issue)."""
