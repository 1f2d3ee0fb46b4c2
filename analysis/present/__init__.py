"""What notebooks and the report show: tables for reading, redline HTML, and the report's sentences
in Chinese — one module per notebook (overview, matching, targets, workload), computed from the tables."""
