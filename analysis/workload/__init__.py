"""Workload of each leader and unit, year over year: counting (shared rules) → leaders, units →
selections (ranked vs reported apart) → highlights (facts the report puts in words) → tables."""
