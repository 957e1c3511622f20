"""A small course file for the loader and the `assess bank` commands: the dict, and how to write it as YAML.

One module, one lesson, a lesson quiz of three single-choice questions and a module test of one; tests edit
a `copy.deepcopy(COURSE)` to try edits and mistakes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

COURSE = {
    "format": 1,
    "course": {"slug": "demo", "title": "Demo Course"},
    "module": {"slug": "module-1", "number": 1, "title": "Basics"},
    "lessons": [{"slug": "lesson-1", "number": 1, "title": "Counting", "subtitle": "One, two"}],
    "assessments": [
        {
            "slug": "demo-quiz",
            "kind": "lesson_quiz",
            "lesson": "lesson-1",
            "title": "Lesson 1 Quiz",
            "feedback": "immediate",
            "questions": [
                {
                    "id": f"q{n}",
                    "lesson": "lesson-1",
                    "tags": ["counting"],
                    "stem": f"What is {n} + 1?",
                    "options": [
                        {"text": str(n + delta), "correct": delta == 1, "rationale": None} for delta in (0, 1, 2, 3)
                    ],
                    "feedback": {"correct": "Correct.", "incorrect": f"It is {n + 1}."},
                }
                for n in (1, 2, 3)
            ],
        },
        {
            "slug": "demo-test",
            "kind": "module_test",
            "module": "module-1",
            "title": "Module 1 Test",
            "pass_percent": 66.67,
            "questions": [
                {
                    "id": "t1",
                    "stem": "Zero plus zero?",
                    "options": [{"text": "0", "correct": True}, {"text": "1", "correct": False}],
                }
            ],
        },
    ],
}


def write_course_file(directory: Path, content: dict[str, Any], name: str = "course.yaml") -> Path:
    """`content` as a YAML course file in `directory`; returns its path."""
    path = directory / name
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
