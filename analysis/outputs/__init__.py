"""Everything the pipeline writes: the table store (validated against the registry, with its manifest),
the workbook, figure style and export, charts, the notebook runner and the HTML report."""
