"""Saves racing a submit and a check, and a check racing a submit, on the path production runs: PostgreSQL, the
save's UPDATE in autocommit on its own pool, every request committing for real from its own thread. An
acknowledged save is in what the submit or check scored; any save after it is refused; nothing is lost and
nothing is scored twice. A check is in what the submit scored, or it is refused; never both."""

from __future__ import annotations

import threading
import time
import uuid

from itembank.models import FeedbackPolicy

ROUNDS = 4
SAVES = 60


def _race(*works):
    """Run each callable in its own thread from one instant; their results, in order, or the first error."""
    barrier = threading.Barrier(len(works))
    results, errors = [None] * len(works), []

    def run(index, work):
        try:
            barrier.wait(timeout=10)
            results[index] = work()
        except Exception as exc:  # re-raised below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(index, work)) for index, work in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def _start(deployment, assessment_id):
    client = deployment.app.test_client()
    started = client.post(
        f"/api/v1/assessments/{assessment_id}/attempts",
        json={"learner_id": f"racer-{uuid.uuid4().hex}"},
        headers={"Authorization": f"Bearer {deployment.key}"},
    )
    assert started.status_code == 201, started.json
    return started.json, {"Authorization": f"Bearer {started.json['learner_token']}"}


def _saver(deployment, attempt, learner, position, first_seq=1):
    """Save `position` again and again, alternating its options, until refused: [(seq, option, status)]."""

    def work():
        client = deployment.app.test_client()
        options = [o["id"] for o in attempt["questions"][position - 1]["options"]]
        answers = []
        for seq in range(first_seq, first_seq + SAVES):
            option = options[seq % len(options)]
            answer = client.put(
                f"/api/v1/attempts/{attempt['id']}/questions/{position}/response",
                json={"response": {"option": option}, "seq": seq},
                headers=learner,
            )
            answers.append((seq, option, answer.status_code, answer.get_json()))
            if answer.status_code != 200:
                break
        return answers

    return work


def _later(seconds, call):
    def work():
        time.sleep(seconds)
        return call()

    return work


def _post(client, url, headers):
    return lambda: client.post(url, headers=headers)


def _questions(body):
    return {question["position"]: question for question in body["questions"]}


def test_saves_racing_a_submit_are_scored_or_refused(postgresql):
    assessment_id = postgresql.assessment(questions=3, shuffle_questions=False)
    raced = 0  # saves refused because the submit came first: the rounds did race
    for round_ in range(ROUNDS):
        attempt, learner = _start(postgresql, assessment_id)
        client = postgresql.app.test_client()
        submit = _later(0.005 * round_, _post(client, f"/api/v1/attempts/{attempt['id']}/submit", learner))
        *saves, submitted = _race(*(_saver(postgresql, attempt, learner, p) for p in (1, 2, 3)), submit)
        assert submitted.status_code == 200, submitted.json
        scored = _questions(submitted.json)
        assert submitted.json["state"] == "scored"
        for position, answers in zip((1, 2, 3), saves, strict=True):
            acknowledged = [(seq, option) for seq, option, status, _ in answers if status == 200]
            refused = [(status, body["type"]) for _, _, status, body in answers if status != 200]
            assert refused == [(409, "/problems/attempt-closed")] or not refused  # all SAVES may land first
            raced += len(refused)
            question = scored[position]
            if acknowledged:  # the submit scored the last acknowledged save, nothing older, nothing newer
                seq, option = acknowledged[-1]
                assert (question["seq"], question["response"]) == (seq, {"option": option})
            else:
                assert question["response"] is None
        again = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=learner)
        assert again.status_code == 200 and again.json == submitted.json  # scored once, the same every time
    assert raced > 0, "no save met the submit: the test raced nothing"


def test_saves_racing_a_check_are_in_the_check_or_refused(postgresql):
    assessment_id = postgresql.assessment(questions=2, feedback_policy=FeedbackPolicy.IMMEDIATE)
    raced = 0
    for round_ in range(ROUNDS):
        attempt, learner = _start(postgresql, assessment_id)
        client = postgresql.app.test_client()
        first = attempt["questions"][0]["options"][0]["id"]
        url = f"/api/v1/attempts/{attempt['id']}/questions/1"
        saved = client.put(f"{url}/response", json={"response": {"option": first}, "seq": 1}, headers=learner)
        assert saved.status_code == 200
        check = _later(0.005 * round_, _post(client, f"{url}/check", learner))
        answers, checked = _race(_saver(postgresql, attempt, learner, 1, first_seq=2), check)
        assert checked.status_code == 200, checked.json
        question = _questions(checked.json)[1]
        acknowledged = [(1, first)] + [(seq, option) for seq, option, status, _ in answers if status == 200]
        refused = [(status, body["type"]) for _, _, status, body in answers if status != 200]
        assert refused == [(409, "/problems/question-locked")] or not refused
        raced += len(refused) * (len(acknowledged) > 1)  # saves landed before the check and one after it
        seq, option = acknowledged[-1]
        assert question["checked"] and (question["seq"], question["response"]) == (seq, {"option": option})
        assert question["result"]["correct"] == (option == _keyed(postgresql, attempt, 1))
        reread = client.get(f"/api/v1/attempts/{attempt['id']}", headers=learner).json
        assert _questions(reread)[1] == question
    assert raced > 0, "no save met the check: the test raced nothing"


CHECK_DELAYS = (0.0, 0.005, 0.01, 0.02, 0.03, 0.045, 0.06, 0.08)  # seconds after the submit is sent


def _timed(call):
    """The call's answer, with when it was sent and when it came back."""

    def work():
        sent = time.monotonic()
        answer = call()
        return sent, answer, time.monotonic()

    return work


def test_a_check_racing_a_submit_is_in_what_it_scored_or_refused(postgresql):
    """A check answered 200 (the attempt in progress) is checked in the submit's result; a check that comes
    second is refused 409 attempt-closed and the submit scored that question unchecked. Repeating the submit,
    or reading the attempt, shows what the first submit answered."""
    assessment_id = postgresql.assessment(questions=15, feedback_policy=FeedbackPolicy.IMMEDIATE)
    raced = 0  # checks sent before the submit had answered, and refused: they met the submit in flight
    for delay in CHECK_DELAYS:
        attempt, learner = _start(postgresql, assessment_id)
        client = postgresql.app.test_client()
        base = f"/api/v1/attempts/{attempt['id']}"
        for question in attempt["questions"]:
            option = question["options"][0]["id"]
            url = f"{base}/questions/{question['position']}/response"
            assert client.put(url, json={"response": {"option": option}, "seq": 1}, headers=learner).status_code == 200
        submit = _timed(_post(client, f"{base}/submit", learner))
        check = _later(delay, _timed(_post(client, f"{base}/questions/1/check", learner)))
        (_, submitted, submit_done), (check_sent, checked, _) = _race(submit, check)
        assert submitted.status_code == 200, submitted.json
        scored = _questions(submitted.json)[1]
        if checked.status_code == 200:
            assert checked.json["state"] == "in_progress"
            assert scored["checked"] and scored == _questions(checked.json)[1]
        else:
            assert (checked.status_code, checked.json["type"]) == (409, "/problems/attempt-closed"), checked.json
            assert not scored["checked"]
            raced += check_sent < submit_done
        again = client.post(f"{base}/submit", headers=learner)
        assert again.status_code == 200 and again.json == submitted.json
        assert _questions(client.get(base, headers=learner).json)[1] == scored
    assert raced > 0, "no check met the submit in flight: the test raced nothing"


def _keyed(deployment, attempt, position):
    from sqlalchemy import text

    with deployment.engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT o.id FROM attempt_question q JOIN option o ON o.item_version_id = q.item_version_id "
                "WHERE q.attempt_id = :a AND q.position = :p AND o.is_correct"
            ),
            {"a": attempt["id"], "p": position},
        ).scalar_one()


def _tables_equal_a_rebuild(deployment, assessment_id):
    from sqlalchemy.orm import Session

    from assess.analytics.maintain import rebuild
    from assess.analytics.reading import AnalyticsQuery, analytics_report
    from assess.analytics.store import Selection
    from itembank.db import utcnow

    with Session(deployment.engine) as session:

        def tables():
            return {
                selection: analytics_report(
                    session, deployment.tenant_id, assessment_id, AnalyticsQuery(selection=selection), now=utcnow()
                ).tables
                for selection in Selection
            }

        live = tables()
        rebuild(session, assessment_id)
        rebuilt = tables()
        session.rollback()
    return live == rebuilt


def test_a_void_racing_a_submit_of_the_same_learner_keeps_the_analytics_equal_to_a_rebuild(postgresql):
    """Voiding a learner's scored attempt while their next one is submitted: each decides which attempts the
    first/last/best selections count from the learner's other attempts, so they must not decide at once."""
    assessment_id = postgresql.assessment(questions=2, shuffle_questions=False)
    key = {"Authorization": f"Bearer {postgresql.key}"}
    for round_ in range(ROUNDS + 2):
        first, learner = _start(postgresql, assessment_id)
        client = postgresql.app.test_client()
        for attempt, headers in ((first, learner),):
            option = attempt["questions"][0]["options"][0]["id"]
            url = f"/api/v1/attempts/{attempt['id']}"
            client.put(f"{url}/questions/1/response", json={"response": {"option": option}, "seq": 1}, headers=headers)
            assert client.post(f"{url}/submit", headers=headers).status_code == 200
        second = client.post(
            f"/api/v1/assessments/{assessment_id}/attempts", json={"learner_id": first["learner_id"]}, headers=key
        ).json
        token = {"Authorization": f"Bearer {second['learner_token']}"}
        option = second["questions"][1]["options"][0]["id"]
        saved = client.put(
            f"/api/v1/attempts/{second['id']}/questions/2/response",
            json={"response": {"option": option}, "seq": 1},
            headers=token,
        )
        assert saved.status_code == 200
        void = _later(
            0.002 * (round_ % 3),
            lambda first=first: postgresql.app.test_client().post(
                f"/api/v1/attempts/{first['id']}/void", json={"reason": "race"}, headers=key
            ),
        )
        submit = _post(postgresql.app.test_client(), f"/api/v1/attempts/{second['id']}/submit", token)
        voided, submitted = _race(void, submit)
        assert voided.status_code == 200 and submitted.status_code == 200
        assert _tables_equal_a_rebuild(postgresql, assessment_id), f"round {round_}"
