"""The item editor's form: what it shows for an item, and the API body a posted form stands for.

Options are rows `options-N-text`, `options-N-correct`, `options-N-rationale`; a row left empty is no option.
Each type's settings (`spec`) have fields of their own; a setting left empty is left out of the spec, and one
whose text is what the stored value reads as keeps the stored value, so saving an unchanged form adds no version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from api.workspace.forms import optional_text, whole_number
from itembank.itemtypes import ItemType
from itembank.models import Item

SPEC_FIELDS: dict[str, tuple[str, ...]] = {
    ItemType.MULTIPLE_RESPONSE: ("scoring",),
    ItemType.NUMERIC: ("answer", "tolerance", "relative_tolerance", "range_low", "range_high"),
    ItemType.SHORT_TEXT: ("accepted", "case_sensitive", "whitespace", "normalization"),
}
CHOICE_TYPES = frozenset({ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_RESPONSE, ItemType.TRUE_FALSE})
FEEDBACK = ("feedback_correct", "feedback_incorrect", "feedback_general")
TYPE_NAMES = {
    ItemType.SINGLE_CHOICE: "Single choice",
    ItemType.MULTIPLE_RESPONSE: "Multiple response",
    ItemType.TRUE_FALSE: "True or false",
    ItemType.NUMERIC: "Numeric",
    ItemType.SHORT_TEXT: "Short text",
}


def blank_values(item_type: ItemType) -> dict[str, Any]:
    """A new item's form: four empty options for a choice, True and False for a true-false."""
    options = [{"text": "", "correct": False, "rationale": ""} for _ in range(4 if item_type in CHOICE_TYPES else 0)]
    if item_type == ItemType.TRUE_FALSE:
        options = [
            {"text": "True", "correct": False, "rationale": ""},
            {"text": "False", "correct": False, "rationale": ""},
        ]
    return {
        "ref": "",
        "type": item_type.value,
        "stem": "",
        "points": "1",
        **{name: "" for name in FEEDBACK},
        "tags": "",
        "lesson_id": "",
        "objective": "",
        "options": options,
        "spec": {},
    }


def item_values(item: Item) -> dict[str, Any]:
    """The form as it shows the item's latest version."""
    latest = item.latest
    spec = dict(latest.spec or {})
    return {
        "ref": item.ref,
        "type": latest.type,
        "stem": latest.stem,
        "points": str(latest.points),
        **{name: getattr(latest, name) or "" for name in FEEDBACK},
        "tags": ", ".join(tag.name for tag in item.tags),
        "lesson_id": "" if item.lesson_id is None else str(item.lesson_id),
        "objective": item.objective or "",
        "options": [
            {"text": option.text, "correct": option.is_correct, "rationale": option.rationale or ""}
            for option in latest.options
        ],
        "spec": _spec_values(spec),
    }


def posted_values(form: MultiDict[str, str]) -> dict[str, Any]:
    """The form as the author sent it, to show again with its messages."""
    return {
        "ref": form.get("ref", ""),
        "type": form.get("type", ""),
        "stem": form.get("stem", ""),
        "points": form.get("points", ""),
        **{name: form.get(name, "") for name in FEEDBACK},
        "tags": form.get("tags", ""),
        "lesson_id": form.get("lesson_id", ""),
        "objective": form.get("objective", ""),
        "options": _posted_options(form),
        "spec": {name: form.get(f"spec-{name}", "") for names in SPEC_FIELDS.values() for name in names},
    }


def item_body(form: MultiDict[str, str], stored_spec: Mapping[str, Any]) -> dict[str, Any]:
    """The body the API's POST /items takes (less `bank`), as the posted form says it."""
    item_type = form.get("type", "")
    body: dict[str, Any] = {
        "ref": form.get("ref", "").strip(),
        "type": item_type,
        "stem": form.get("stem", ""),
        "points": 1 if whole_number(form.get("points")) is None else whole_number(form.get("points")),
        **{name: optional_text(form.get(name)) for name in FEEDBACK},
        "tags": [tag.strip() for tag in form.get("tags", "").split(",") if tag.strip()],
        "lesson_id": whole_number(form.get("lesson_id")),
        "objective": optional_text(form.get("objective")),
        "options": [
            {"text": row["text"], "correct": row["correct"], "rationale": optional_text(row["rationale"])}
            for row in _posted_options(form)
        ],
        "spec": _spec(item_type, form, stored_spec),
    }
    if item_type not in CHOICE_TYPES:
        body["options"] = []
    return body


def _posted_options(form: MultiDict[str, str]) -> list[dict[str, Any]]:
    rows = []
    index = 0
    while f"options-{index}-text" in form:
        text, rationale = form.get(f"options-{index}-text", ""), form.get(f"options-{index}-rationale", "")
        correct = form.get(f"options-{index}-correct") == "on"
        if text.strip() or rationale.strip() or correct:
            rows.append({"text": text, "correct": correct, "rationale": rationale})
        index += 1
    return rows


def _spec_values(spec: Mapping[str, Any]) -> dict[str, str]:
    values = {key: "" if value is None else str(value) for key, value in spec.items() if key != "range"}
    if isinstance(spec.get("range"), list | tuple) and len(spec["range"]) == 2:
        values["range_low"], values["range_high"] = (str(bound) for bound in spec["range"])
    if isinstance(spec.get("accepted"), list):
        values["accepted"] = "\n".join(str(answer) for answer in spec["accepted"])
    if "case_sensitive" in spec:
        values["case_sensitive"] = "on" if spec["case_sensitive"] else ""
    return values


def _spec(item_type: str, form: MultiDict[str, str], stored: Mapping[str, Any]) -> dict[str, Any]:
    def text(name: str) -> str:
        return form.get(f"spec-{name}", "").strip()

    def kept(name: str, value: str) -> Any:
        """The stored value when the field shows it unchanged (a number stays a number), else the text."""
        return stored[name] if name in stored and str(stored[name]) == value else value

    spec: dict[str, Any] = {}
    if item_type == ItemType.MULTIPLE_RESPONSE and text("scoring"):
        spec["scoring"] = text("scoring")
    if item_type == ItemType.NUMERIC:
        for name in ("answer", "tolerance", "relative_tolerance"):
            if text(name):
                spec[name] = kept(name, text(name))
        if text("range_low") or text("range_high"):
            bounds = [text("range_low"), text("range_high")]
            old = stored.get("range")
            spec["range"] = old if isinstance(old, list) and [str(bound) for bound in old] == bounds else bounds
    if item_type == ItemType.SHORT_TEXT:
        spec["accepted"] = [line.strip() for line in form.get("spec-accepted", "").splitlines() if line.strip()]
        if "case_sensitive" in stored or form.get("spec-case_sensitive") == "on":
            spec["case_sensitive"] = form.get("spec-case_sensitive") == "on"
        for name in ("whitespace", "normalization"):
            if text(name):
                spec[name] = text(name)
    return spec
