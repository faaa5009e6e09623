"""Benchmarks: workloads timed against a floor of the same shape measured in the same run."""
