"""Delivering attempts: start, save, check, submit, and the server's clock. Services flush and never commit.

The server owns the clock: every entry point takes `now` and closes an overdue attempt, scoring what was
saved, before doing anything else, so a learner past the deadline sees why and never gains time. Reads of
many attempts (lists, results, analytics) call `close_overdue` first. A close is settled apart from the
request (`on_clock_decision`): the API commits it at once, so a refusal that follows cannot undo it.

Each entry point is the one service a view calls: it takes ids (never a loaded attempt) and returns what the
caller shows, so the number of statements per request is decided here, where tests count them.

- `start`: resume the open attempt or fix a new form (`assembly` reads the bank for it, `material` keeps
  the delivered versions' content).
- `save`: the learner's answer, one guarded UPDATE.
- `closing`: check one question, submit, or close by the clock; scoring and the analytics hook (`form`
  reads an attempt and its questions as plain values for them).
- `reading`, `delivered`: an attempt loaded whole, as the caller sees it.
- `clock`: how long an attempt has left by the server's time, for the learner's page to count down.
"""

from assess.delivery.clock import AttemptClock, read_clock
from assess.delivery.closing import (
    Submitted,
    answer_key,
    check_question,
    close_if_overdue,
    close_overdue,
    finish_attempt,
    on_clock_decision,
    submit_attempt,
)
from assess.delivery.delivered import Delivered, load_attempt
from assess.delivery.form import AttemptHead, FormQuestion
from assess.delivery.reading import get_attempt
from assess.delivery.save import SavedResponse, SaveTarget, save_response, store_response
from assess.delivery.start import Started, StartedQuestion, begin_attempt, set_deadline, start_attempt

__all__ = [
    "AttemptClock",
    "AttemptHead",
    "Delivered",
    "FormQuestion",
    "SaveTarget",
    "SavedResponse",
    "Started",
    "StartedQuestion",
    "Submitted",
    "answer_key",
    "begin_attempt",
    "check_question",
    "close_if_overdue",
    "close_overdue",
    "finish_attempt",
    "get_attempt",
    "load_attempt",
    "on_clock_decision",
    "read_clock",
    "save_response",
    "set_deadline",
    "start_attempt",
    "store_response",
    "submit_attempt",
]
