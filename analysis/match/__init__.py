"""Align each year's items with the previous year's: continued, related, new and dropped.

terms (what an item is about) → features (named signals of a candidate pair) → model (weights from
`resources/matcher_model.json`) → tables (matches with redlines, item status, lineages); `fit`
refits the model from labelled pairs (`python -m analysis fit-matcher`), `quality` measures it.
"""
