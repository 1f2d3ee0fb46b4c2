"""Chart functions: each returns (figure, the data plotted), drawn in the house style of analysis.outputs.style."""
