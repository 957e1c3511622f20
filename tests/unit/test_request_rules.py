"""The body rules every route shares (`api.request_rules`), on plain WSGI environs: no app, no database."""

import io
import json

import pytest

from api.errors import ApiError
from api.request_rules import parse_json_strictly, read_body


class _Trickle(io.RawIOBase):
    """A terminated stream that hands on a few bytes per read, as a server may hand on a chunked body."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        out, self.data = self.data[:7], self.data[7:]
        return out


def _chunked(body: bytes) -> dict:
    return {"REQUEST_METHOD": "PUT", "wsgi.input": _Trickle(body), "wsgi.input_terminated": True}


def test_a_body_of_unknown_length_is_read_whole_up_to_the_limit_and_refused_past_it():
    assert read_body(_chunked(b'{"seq": 1234567890}'), "application/json", 100) == b'{"seq": 1234567890}'
    assert read_body(_chunked(b" " * 100), "application/json", 100) == b" " * 100
    with pytest.raises(ApiError) as refused:
        read_body(_chunked(b" " * 101), "application/json", 100)
    assert refused.value.status == 413
    with pytest.raises(ApiError) as refused:
        read_body(_chunked(b"seq=1"), "text/plain", 100)
    assert refused.value.status == 415


def test_a_body_of_known_length_is_held_to_the_limit_before_it_is_read():
    environ = {"REQUEST_METHOD": "PUT", "CONTENT_LENGTH": "101", "wsgi.input": io.BytesIO(b" " * 101)}
    with pytest.raises(ApiError) as refused:
        read_body(environ, "application/json", 100)
    assert refused.value.status == 413 and environ["wsgi.input"].tell() == 0
    with pytest.raises(ApiError) as refused:
        read_body({**environ, "CONTENT_LENGTH": "ten"}, "application/json", 100)
    assert refused.value.status == 400
    assert read_body({"REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO(b"x")}, "", 100) == b""  # no length


@pytest.mark.parametrize("body", [b"NaN", b"[Infinity]", b'{"a": -Infinity}', b"1e400", b"[-1e309]", b"9" * 5000])
def test_what_python_reads_but_is_not_json_is_refused(body):
    with pytest.raises(json.JSONDecodeError) as refused:
        parse_json_strictly(body)
    assert refused.value.doc  # not webargs' "no body at all"


def test_json_is_read_as_json():
    assert parse_json_strictly(b'{"a": [1, 2.5, 1e308, -0.0, "\\u00e9"], "b": null}') == {
        "a": [1, 2.5, 1e308, -0.0, "é"],
        "b": None,
    }
    with pytest.raises(json.JSONDecodeError) as empty:
        parse_json_strictly(b"")
    assert empty.value.doc == ""  # webargs reads this as no body
    for refused in (b"\xef\xbb\xbf{}", '{"a": 1}'.encode("utf-16"), b"[" * 5000 + b"]" * 5000):
        with pytest.raises(json.JSONDecodeError):
            parse_json_strictly(refused)
