"""Tidy tables of the plans: names and units cleaned and classified, one row per fact."""
