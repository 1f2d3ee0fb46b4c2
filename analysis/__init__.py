"""Read a district government's annual key-work plans and tell what changed.

Data flows one way: seeds -> parse -> tidy tables -> analyses -> figures.
The notebook-facing API is re-exported here.
"""

from analysis.errors import PlanError
from analysis.load import load_plan, load_plans

__all__ = ["PlanError", "load_plan", "load_plans"]
