"""Sizing: memory, throughput and the cost (TCO) of serving a model."""
