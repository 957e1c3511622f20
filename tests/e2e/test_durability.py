"""Nothing acknowledged is lost: a save answered 2xx survives kill -9 of the server, on both databases."""

import pytest

from tests.databases import BACKENDS
from tests.e2e.deployment import call, deployment, stop


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_acknowledged_save_survives_kill_minus_nine(backend, tmp_path, monkeypatch):
    with deployment(backend, tmp_path, monkeypatch) as deployed:
        base, key = deployed.base, deployed.key
        server = deployed.serve()
        try:
            _status, assessments = call(base, "GET", "/assessments?kind=module_test", key)
            status, attempt = call(
                base, "POST", f"/assessments/{assessments[0]['id']}/attempts", key, {"learner_id": "l"}
            )
            assert status == 201
            token, question = attempt["learner_token"], attempt["questions"][0]
            option = question["options"][2]["id"]
            status, _ = call(
                base,
                "PUT",
                f"/attempts/{attempt['id']}/questions/1/response",
                token,
                {"response": {"option": option}, "seq": 1},
            )
            assert status == 200
        finally:
            stop(server)

        server = deployed.serve()
        try:
            _status, again = call(base, "GET", f"/attempts/{attempt['id']}", token)
        finally:
            stop(server)
        assert again["questions"][0]["response"] == {"option": option}
        assert again["questions"][0]["seq"] == 1
