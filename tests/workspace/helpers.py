"""Signing instructors in through the real pages, as a browser does: the sign-in form's CSRF token, then the
session's token read back from each page's forms."""

from __future__ import annotations

import re

from itembank.models import Tenant, User
from itembank.users import create_user

PASSWORD = "correct horse battery staple"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def instructor(session, tenant: Tenant, role: str = "author", email: str | None = None) -> User:
    return create_user(
        session, tenant, email=email or f"{role}@{tenant.slug}.example.org", password=PASSWORD, role=role
    )


def csrf_of(response) -> str:
    found = TOKEN.search(response.get_data(as_text=True))
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client, user: User, password: str = PASSWORD, tenant_slug: str | None = None):
    """Post the sign-in form with its token; the response (a 303 to the bank when it worked)."""
    form = client.get("/workspace/sign-in")
    return client.post(
        "/workspace/sign-in",
        data={
            "csrf_token": csrf_of(form),
            "tenant": tenant_slug or user.tenant.slug,
            "email": user.email.upper(),  # emails are compared ignoring case
            "password": password,
        },
    )


def signed_in(client, user: User):
    response = sign_in(client, user)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def post_form(client, path: str, data: dict, page: str | None = None):
    """Post `data` to `path` with the CSRF token of the page at `page` (default: `path` itself)."""
    token = csrf_of(client.get(page or path))
    return client.post(path, data={"csrf_token": token, **data})


def text_of(response) -> str:
    """The page's text with its tags stripped and white space folded, to assert on what a reader sees."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())
