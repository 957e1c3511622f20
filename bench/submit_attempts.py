"""Prepare the submit rounds: answer every question of the run's open attempts, split them into one file per
round and arm. Usage: submit_attempts.py RUN_ID ROUNDS OUTPUT_PREFIX

The run's open attempts are those the start rounds left (learner ids `bench-<RUN_ID>...`: the product's and
the reference's starts, whose rows are the same: `compare_writes.py`). Every question still unanswered gets
the first option shown, `response_seq` 1, and `first_answered_at` / `answered_at` a few seconds apart from the
start, as 15 of the product's saves would have written them (one UPDATE here instead of 15 requests); answers
the save rounds stored are kept. Then VACUUM (ANALYZE) of the two tables, so neither arm meets autovacuum.
Attempt i (in id order) goes to file i mod (2 x ROUNDS), so every file has the same mix:
OUTPUT_PREFIX-<round>-product.txt and OUTPUT_PREFIX-<round>-bare.txt, one line per attempt,
`attempt_id learner_token` (the token from the product's `api.tokens`).
"""

from __future__ import annotations

import sys

from sqlalchemy import text

from api.app import create_app
from api.config import Settings
from api.tokens import issue_learner_token
from itembank.db import make_engine

ANSWER = text(
    "UPDATE attempt_question q SET response = json_build_object('option', (q.option_order->>0)::int),"
    " response_seq = 1,"
    " first_answered_at = a.started_at + make_interval(secs => 10 * q.position + a.id % 7),"
    " answered_at = a.started_at + make_interval(secs => 10 * q.position + a.id % 7)"
    " FROM attempt a WHERE a.id = q.attempt_id AND a.state = 'in_progress' AND a.learner_id LIKE :like"
    " AND q.response IS NULL"
)
OPEN = text("SELECT id, tenant_id FROM attempt WHERE state = 'in_progress' AND learner_id LIKE :like ORDER BY id")


def main(run_id: str, rounds: int, prefix: str) -> None:
    settings = Settings.from_env()
    app = create_app(settings)
    like = f"bench-{run_id}%"
    with make_engine(settings.database_url).begin() as conn:
        answered = conn.execute(ANSWER, {"like": like}).rowcount
        attempts = conn.execute(OPEN, {"like": like}).all()
    # One UPDATE of every question leaves as many dead row versions: clear them now rather than let autovacuum
    # start in the middle of a submit round.
    with make_engine(settings.database_url).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE) attempt_question, attempt"))
    files = [(r, arm) for r in range(1, rounds + 1) for arm in ("product", "bare")]
    lines: dict[tuple[int, str], list[str]] = {f: [] for f in files}
    with app.app_context():
        for i, (attempt_id, tenant_id) in enumerate(attempts):
            lines[files[i % len(files)]].append(f"{attempt_id} {issue_learner_token(tenant_id, attempt_id)}\n")
    for (r, arm), chunk in lines.items():
        with open(f"{prefix}-{r}-{arm}.txt", "w") as out:
            out.writelines(chunk)
    print(
        f"# submit rounds: {len(attempts)} open attempts ({answered} questions answered here),"
        f" {len(attempts) // len(files)}+ per round and arm -> {prefix}-<round>-<arm>.txt"
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
