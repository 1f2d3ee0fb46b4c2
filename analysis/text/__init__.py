"""Chinese text tools every stage shares: the editable vocabulary, word segmentation, numerals."""
