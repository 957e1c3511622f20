"""Write bench/out/attempts.txt from the in-progress attempts the start run created.

One line per attempt: `attempt_id learner_token option_for_position_1 ... option_for_position_15`.
The token is issued by the product's own `api.tokens` (same secret as the served app); each answer is the
first option shown, so roughly a quarter are right. Usage: make_attempts.py RUN_ID OUTPUT
"""

from __future__ import annotations

import sys

from sqlalchemy import select

from api.app import create_app
from api.config import Settings
from api.tokens import issue_learner_token
from assess.models import Attempt, AttemptQuestion
from itembank.db import make_engine, make_sessionmaker


def main(run_id: str, output: str) -> None:
    settings = Settings.from_env()
    app = create_app(settings)
    session = make_sessionmaker(make_engine(settings.database_url))()
    rows = session.execute(
        select(Attempt.id, Attempt.tenant_id, AttemptQuestion.position, AttemptQuestion.option_order)
        .join(AttemptQuestion)
        .where(Attempt.learner_id.like(f"bench-{run_id}-%"), Attempt.state == "in_progress")
        .order_by(Attempt.id, AttemptQuestion.position)
    ).all()
    attempts: dict[int, tuple[int, list[int]]] = {}
    for attempt_id, tenant_id, _position, order in rows:
        attempts.setdefault(attempt_id, (tenant_id, []))[1].append(order[0])
    with app.app_context(), open(output, "w") as out:
        for attempt_id, (tenant_id, options) in attempts.items():
            out.write(f"{attempt_id} {issue_learner_token(tenant_id, attempt_id)} {' '.join(map(str, options))}\n")
    print(f"{len(attempts)} attempts -> {output}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
