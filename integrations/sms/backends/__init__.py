"""SMS backends: console (default), locmem (tests) and provider adapters."""
