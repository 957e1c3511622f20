"""Regrading: when an item is corrected, its finished attempts may be moved to the new version and rescored.

- `planning`: which attempts a regrade would change and how (the dry run); open attempts keep their version.
- `mapping`: how an answer on the old version reads on the new one (options by position).
- `service`: regrade, read back, reverse; the locks that make a repeat change nothing.
- `counts`: the analytics count tables kept equal to a rebuild through it.
- `records`: what is stored, for audit and reversal. `report`: what the caller is shown.
"""

from assess.regrade.planning import find_item
from assess.regrade.report import AttemptChange, GradeChange, QuestionChange, RegradeReport, Totals
from assess.regrade.service import dry_run, get_regrade, regrade_item, reverse_regrade

__all__ = [
    "AttemptChange",
    "GradeChange",
    "QuestionChange",
    "RegradeReport",
    "Totals",
    "dry_run",
    "find_item",
    "get_regrade",
    "regrade_item",
    "reverse_regrade",
]
