"""The parts catalogue: listings, photos and search."""
