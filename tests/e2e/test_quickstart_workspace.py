"""The quickstart prints a demo instructor's sign-in beside the API key, and it signs in to the workspace,
where the loaded course is the bank."""

from __future__ import annotations

import re
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from tests.e2e.quickstart import quickstart

SIGN_IN = re.compile(r"sign in as (\S+) with the password (\S+)")


def _printed_sign_in(out, timeout: float = 30) -> tuple[str, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = SIGN_IN.search(out.read_text())
        if found:
            return found.group(1), found.group(2)
        time.sleep(0.1)
    raise AssertionError(f"assess serve printed no instructor sign-in: {out.read_text()}")


def test_the_printed_demo_instructor_signs_in_and_sees_the_course(tmp_path):
    with quickstart(tmp_path / "quickstart") as server:
        output = (server.directory / "serve.out").read_text()
        assert "Instructor workspace: http://127.0.0.1:" in output
        email, password = _printed_sign_in(server.directory / "serve.out")
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        base = f"http://127.0.0.1:{server.port}/workspace"
        form = browser.open(f"{base}/sign-in", timeout=30).read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"csrf_token": token, "tenant": "default", "email": email, "password": password})
        bank = browser.open(f"{base}/sign-in", data=body.encode(), timeout=30)
        assert bank.url.endswith("/workspace/items")
        page = bank.read().decode()
        assert email in page and re.search(r">\d+ items<", page)
