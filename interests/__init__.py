"""Interest-gating: a buyer's interested / not interested answer to a listing."""
