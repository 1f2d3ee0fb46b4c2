"""Quantitative targets: extract (from each item's text) → compare (same indicator across years) →
headline (the main expected targets side by side) → tables."""
