"""The autosave's token reader remembers verified tokens, but never past their age, and never a forgery."""

import time

from flask import Flask

from api.tokens import MAX_AGE_SECONDS, LearnerTokenReader, issue_learner_token


def _token(secret="s", tenant_id=3, attempt_id=7):
    app = Flask(__name__)
    app.config["SECRET_KEY"] = secret
    with app.app_context():
        return issue_learner_token(tenant_id, attempt_id)


def test_it_reads_what_the_views_read_and_ages_cached_tokens_out():
    token = _token()
    reader = LearnerTokenReader("s")
    claim = reader.read(token)
    assert (claim.tenant_id, claim.attempt_id) == (3, 7) and token in reader.verified
    now = time.time()
    assert reader.read(token, now=now + MAX_AGE_SECONDS - 5) == claim
    assert reader.read(token, now=now + MAX_AGE_SECONDS + 5) is None  # still cached, but too old
    assert reader.read(token, now=now - 3600) is None  # stamped in the future: refused, as itsdangerous does


def test_forged_foreign_and_malformed_tokens_are_refused_and_not_remembered():
    token = _token()
    other_secret = _token(secret="another")
    reader = LearnerTokenReader("s")
    for bad in (token[:-2] + "xx", other_secret, "lt.", "ak_not_a_learner_token", ""):
        assert reader.read(bad) is None
    assert reader.verified == {}


def test_its_memory_is_bounded():
    reader = LearnerTokenReader("s", capacity=3)
    for attempt_id in range(10):
        token = _token(attempt_id=attempt_id)
        assert reader.read(token).attempt_id == attempt_id
        assert len(reader.verified) <= 3


def test_the_views_reader_refuses_forgeries_and_expired_tokens(monkeypatch):
    import api.tokens
    from api.tokens import read_learner_token

    app = Flask(__name__)
    app.config["SECRET_KEY"] = "s"
    with app.app_context():
        token = issue_learner_token(3, 7)
        assert read_learner_token(token).attempt_id == 7
        assert read_learner_token(token[:-2] + "xx") is None
        issued = time.time()
        monkeypatch.setattr(api.tokens.time, "time", lambda: issued + MAX_AGE_SECONDS + 5)
        assert read_learner_token(token) is None


def test_a_token_has_one_spelling():
    """The decoder ignores a last character's unused bits and characters outside the alphabet: such a spelling
    carries the same claim, and is refused by both readers, even once the real token is remembered."""
    from api.tokens import read_learner_token
    from tests.token_spellings import respellings

    app = Flask(__name__)
    app.config["SECRET_KEY"] = "s"
    with app.app_context():
        token = issue_learner_token(3, 7)
        reader = LearnerTokenReader("s")
        assert reader.read(token).attempt_id == 7 and read_learner_token(token).attempt_id == 7
        for spelling in respellings(token):
            assert reader.read(spelling) is None and read_learner_token(spelling) is None, spelling
        assert list(reader.verified) == [token]
