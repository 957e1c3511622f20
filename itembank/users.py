"""Instructor accounts: made with an argon2 hash, signed in to a server-side session, locked after repeated
failures. Services flush and never commit, except that a failed sign-in's count must stand whatever the request
answers: the caller commits it (`SignInRefusedError.must_commit`)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from itembank.errors import AuthoringError, BankError, NotFoundError
from itembank.models import Role, Scope, Tenant, User, UserSession

ROLE_SCOPES: dict[Role, frozenset[str]] = {
    Role.AUTHOR: frozenset({Scope.AUTHOR}),
    Role.ANALYST: frozenset({Scope.ANALYTICS}),
    Role.ADMIN: frozenset({Scope.AUTHOR, Scope.ANALYTICS, Scope.ADMIN}),
}
"""What each role may do, as the API's scopes (`api.auth`): the workspace authorizes by the same names."""

MAX_FAILED_ATTEMPTS = 5  # wrong passwords in a row before the account is locked
LOCKOUT = timedelta(minutes=15)  # how long it stays locked; a correct password inside it is refused too
SESSION_LIFETIME = timedelta(hours=12)  # a working day; signing in again makes a new session
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 hashes any length; this bounds the work a request can ask for
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{1,63}$")

_hasher = PasswordHasher()


class SignInRefusedError(BankError):
    """Wrong email, password or tenant, or a locked account: one message for all, so none can be probed."""

    message = "the organisation, email or password is wrong, or the account is locked after repeated failures"

    def __init__(self) -> None:
        super().__init__(self.message)


def normalized_email(email: str) -> str:
    return email.strip().lower()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _password_problems(password: str) -> list[str]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return [f"must be at least {MIN_PASSWORD_LENGTH} characters; this one has {len(password)}"]
    if len(password) > MAX_PASSWORD_LENGTH:
        return [f"must be at most {MAX_PASSWORD_LENGTH} characters"]
    return []


def _summary(problems: dict[str, list[str]]) -> str:
    return "; ".join(f"{path}: {' '.join(messages)}" for path, messages in problems.items())


def create_user(session: Session, tenant: Tenant, *, email: str, password: str, role: str) -> User:
    """A new instructor of `tenant`; every broken field named at once (the email, taken or malformed, the
    password too short, an unknown role)."""
    email = normalized_email(email)
    problems: dict[str, list[str]] = {}
    if not EMAIL.fullmatch(email):
        problems["email"] = ["is not an email address (name@example.org)"]
    elif session.scalar(select(User.id).where(User.tenant_id == tenant.id, User.email == email)) is not None:
        problems["email"] = [f"{email} already has an account in {tenant.slug}"]
    if found := _password_problems(password):
        problems["password"] = found
    if role not in {member.value for member in Role}:
        problems["role"] = [f"must be one of {', '.join(member.value for member in Role)}"]
    if problems:
        raise AuthoringError(f"the account cannot be made as given: {_summary(problems)}", problems)
    user = User(tenant_id=tenant.id, email=email, password_hash=_hasher.hash(password), role=role, failed_attempts=0)
    session.add(user)
    session.flush()
    return user


def update_user(
    session: Session,
    tenant_id: int,
    user_id: int,
    *,
    role: str | None = None,
    password: str | None = None,
    unlock: bool = False,
) -> User:
    """Change a role or a password, or lift a lockout. A new password ends every session of the account."""
    user = tenant_user(session, tenant_id, user_id)
    problems: dict[str, list[str]] = {}
    if role is not None and role not in {member.value for member in Role}:
        problems["role"] = [f"must be one of {', '.join(member.value for member in Role)}"]
    if password is not None and (found := _password_problems(password)):
        problems["password"] = found
    if problems:
        raise AuthoringError(f"the account cannot be changed as given: {_summary(problems)}", problems)
    if role is not None:
        user.role = role
    if password is not None:
        user.password_hash = _hasher.hash(password)
        end_sessions(session, user)
    if unlock:
        user.failed_attempts, user.locked_until = 0, None
    session.flush()
    return user


def tenant_user(session: Session, tenant_id: int, user_id: int) -> User:
    user = session.scalar(select(User).where(User.id == user_id, User.tenant_id == tenant_id))
    if user is None:
        raise NotFoundError(f"no user {user_id}")
    return user


def tenant_users(session: Session, tenant_id: int) -> list[User]:
    return list(session.scalars(select(User).where(User.tenant_id == tenant_id).order_by(User.id)))


@dataclass(frozen=True)
class SignedIn:
    """A new session; `token` goes into the cookie and exists nowhere else (only its hash is stored)."""

    session: UserSession
    token: str


def sign_in(session: Session, tenant_slug: str, email: str, password: str, *, now: datetime) -> SignedIn:
    """A new session for the account, or `SignInRefusedError`, after which the caller commits: a wrong password
    counts towards the lockout (`MAX_FAILED_ATTEMPTS`), and reaching it ends the account's sessions."""
    user = session.scalar(
        select(User).join(Tenant).where(Tenant.slug == tenant_slug.strip(), User.email == normalized_email(email))
    )
    if user is None:
        _hasher.hash(password)  # as long as a real check takes, so timing tells no account apart
        raise SignInRefusedError
    if user.locked_until is not None and user.locked_until > now:
        _verifies(user.password_hash, password)  # as long as an open account's check, so timing tells nothing
        raise SignInRefusedError
    if not _verifies(user.password_hash, password):
        user.failed_attempts += 1
        if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
            user.failed_attempts, user.locked_until = 0, now + LOCKOUT
            end_sessions(session, user)
        session.flush()
        raise SignInRefusedError
    user.failed_attempts, user.locked_until = 0, None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    token = secrets.token_urlsafe(32)
    row = UserSession(
        user=user,
        token_hash=_token_hash(token),
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + SESSION_LIFETIME,
    )
    session.add(row)
    session.flush()
    return SignedIn(row, token)


def _verifies(password_hash: str, password: str) -> bool:
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def signed_in(session: Session, token: str, *, now: datetime) -> UserSession | None:
    """The live session the cookie's token names, with its user; None once signed out, expired or revoked."""
    if not token:
        return None
    return session.scalar(
        select(UserSession)
        .where(UserSession.token_hash == _token_hash(token), UserSession.expires_at > now)
        .options(joinedload(UserSession.user).joinedload(User.tenant))
    )


def sign_out(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_hash == _token_hash(token)))


def end_sessions(session: Session, user: User) -> None:
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))
