"""Delivery's refusals. No HTTP here: api/errors.py gives each a status and a stable problem type."""

from __future__ import annotations

from itembank.errors import BankError


class DeliveryError(BankError):
    """Base of delivery refusals; `kind` names the problem type clients branch on."""

    kind = "conflict"


class AttemptClosedError(DeliveryError):
    kind = "attempt-closed"


class DeadlinePassedError(DeliveryError):
    kind = "deadline-passed"


class StaleSaveError(DeliveryError):
    """A save carried a sequence number older than the one already stored: a newer answer wins."""

    kind = "stale-save"

    def __init__(self, message: str, current_seq: int) -> None:
        super().__init__(message)
        self.current_seq = current_seq


class NoAttemptsLeftError(DeliveryError):
    kind = "no-attempts-left"


class QuestionLockedError(DeliveryError):
    kind = "question-locked"


class CheckNotAllowedError(DeliveryError):
    kind = "check-not-allowed"


class InvalidResponseError(DeliveryError):
    kind = "invalid-response"


class ContextConflictError(DeliveryError):
    """A start for another context (course section, LMS placement) while the learner's attempt is open in one."""

    kind = "context-conflict"


class InvalidAccommodationError(DeliveryError):
    """An accommodation that could not take effect, such as extra time on an assessment with no time limit."""

    kind = "invalid-accommodation"


class EmptyAssessmentError(DeliveryError):
    kind = "empty-assessment"


class RegradeError(DeliveryError):
    """Base of regrade refusals: the request was understood, the bank's state does not allow it."""

    kind = "regrade-refused"


class RegradeIncompatibleError(RegradeError):
    """The new version's options cannot take the old answers (another type, another number of options)."""

    kind = "regrade-incompatible"


class NothingToRegradeError(RegradeError):
    """No finished attempt is on an earlier version of the item than the one asked for."""

    kind = "nothing-to-regrade"


class InvalidRegradeTargetError(RegradeError):
    """The version asked for does not exist, or is not later than every version it would replace."""

    kind = "invalid-regrade-target"


class RegradeSupersededError(RegradeError):
    """A reversal asked of a regrade whose attempts a later regrade has moved on: reverse that one first."""

    kind = "regrade-superseded"


class AssessmentNotPublishedError(DeliveryError):
    """A start of a draft assessment: it exists (its author sees it), but cannot be taken until published."""

    kind = "assessment-not-published"
