"""Registry benchmarks, one module per area."""
