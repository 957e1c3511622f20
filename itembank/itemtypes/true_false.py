"""True/false: a single choice between exactly two options, one keyed; it answers and scores as single choice.

The two texts are the author's ("True"/"False", "Yes"/"No", or the words of another language), so they are not
prescribed; only the count, the distinct texts and the single key are.

Authored `spec`: none. Response: `{"option": <option id>}`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from itembank.itemtypes import rules, single_choice
from itembank.itemtypes.base import AuthoredOption, Problem
from itembank.itemtypes.names import ItemType

TYPE = ItemType.TRUE_FALSE
ONE_OPTION = True
SPEC: dict[str, rules.SpecKey] = {}

check = single_choice.check
score = single_choice.score
chosen_options = single_choice.chosen_options
map_options = single_choice.map_options


def option_problems(options: Sequence[AuthoredOption]) -> list[Problem]:
    return rules.listed_options(TYPE, options, most=2) + rules.exactly_one_keyed(TYPE, options)


def spec_problems(spec: Mapping[str, Any]) -> list[Problem]:
    return rules.spec_problems(TYPE, SPEC, spec)
