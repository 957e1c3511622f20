"""Every bank model, imported here so that the metadata alembic compares against is complete."""

from itembank.models import immutability as _immutability  # noqa: F401  (registers the flush guard)
from itembank.models.assessment import SETTINGS, Assessment, AssessmentRevision, AssessmentSlot
from itembank.models.course import Course, Lesson, Module
from itembank.models.enums import (
    AssessmentKind,
    AssessmentStatus,
    FeedbackPolicy,
    GradingMethod,
    ItemStatus,
    ItemType,
    Role,
    Scope,
)
from itembank.models.item import Bank, Item, ItemVersion, Option, Tag, item_tag
from itembank.models.pool import Pool, pool_item
from itembank.models.tenant import ApiKey, Tenant
from itembank.models.user import User, UserSession

__all__ = [
    "SETTINGS",
    "ApiKey",
    "Assessment",
    "AssessmentKind",
    "AssessmentRevision",
    "AssessmentSlot",
    "AssessmentStatus",
    "Bank",
    "Course",
    "FeedbackPolicy",
    "GradingMethod",
    "Item",
    "ItemStatus",
    "ItemType",
    "ItemVersion",
    "Lesson",
    "Module",
    "Option",
    "Pool",
    "Role",
    "Scope",
    "Tag",
    "Tenant",
    "User",
    "UserSession",
    "item_tag",
    "pool_item",
]
