"""archdecide benchmarks: `make bench` (python -m bench). Every measurement runs beside its
floor in the same run, alternating, and reports the ratio; see docs/benchmarks.md."""
