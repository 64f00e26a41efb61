"""`atomicc bench`: the benchmark programs (programs/) and the harness that
builds them under every strategy and runs them on the simulated
multiprocessor (or natively), with tables, a CSV and a plot (harness.py,
plot.py).  See docs/bench.md."""
