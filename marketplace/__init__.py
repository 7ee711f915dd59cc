"""The site's core: user model, shared API machinery, Turkish text, cities, health and pages."""
