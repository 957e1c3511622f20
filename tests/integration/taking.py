"""Attempts taken through the engine's own path, start, save and submit, for the analytics tests that need many."""

from __future__ import annotations

from datetime import datetime, timedelta

from assess.analytics.maintain import rebuild
from assess.analytics.reading import AnalyticsQuery, AnalyticsReport, analytics_report
from assess.analytics.store import Selection
from assess.delivery import save_response, start_attempt, submit_attempt
from assess.models import Attempt
from itembank.db import utcnow
from itembank.models import Assessment
from tests.factories import AssessmentFactory


def analytics_of(session, assessment: Assessment, selection: Selection = Selection.ALL) -> AnalyticsReport:
    return analytics_report(
        session, assessment.tenant_id, assessment.id, AnalyticsQuery(selection=selection), now=utcnow()
    )


def tables(session, assessment: Assessment) -> dict[Selection, object]:
    """Every selection's count tables as the report reads them."""
    return {selection: analytics_of(session, assessment, selection).tables for selection in Selection}


def assert_equal_to_a_rebuild(session, assessment: Assessment) -> None:
    """The live count tables are what a rebuild from the stored attempts gives."""
    live = tables(session, assessment)
    rebuild(session, assessment.id)
    assert tables(session, assessment) == live


def single_choice_assessment(questions: int) -> Assessment:
    return AssessmentFactory(questions=questions, shuffle_questions=False)


def take(session, assessment: Assessment, learner: str, choose, when: datetime) -> Attempt:
    """One attempt through start/save/submit; `choose(question)` is the option id saved, or None to omit."""
    attempt = start_attempt(session, assessment.tenant_id, assessment.id, learner, now=when).attempt
    for question in attempt.questions:
        option = choose(question)
        if option is not None:
            answered = when + timedelta(seconds=20 * question.position)
            save_response(
                session, attempt.tenant_id, attempt.id, question.position, {"option": option}, seq=1, now=answered
            )
    return submit_attempt(session, attempt.tenant_id, attempt.id, now=when + timedelta(minutes=5)).attempt
