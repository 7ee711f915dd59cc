"""Throughput benchmarks: each scenario as a ratio to a bare Django + DRF floor, in one run."""
