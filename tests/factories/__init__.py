"""factory-boy factories for every model; `bind` points them at the current test's session."""

from tests.factories.bank import (
    ApiKeyFactory,
    AssessmentFactory,
    AssessmentSlotFactory,
    BankFactory,
    CourseFactory,
    ItemFactory,
    ItemVersionFactory,
    LessonFactory,
    ModuleFactory,
    OptionFactory,
    PoolFactory,
    TagFactory,
    TenantFactory,
    multiple_response_draft,
)
from tests.factories.base import bind

__all__ = [
    "ApiKeyFactory",
    "AssessmentFactory",
    "AssessmentSlotFactory",
    "BankFactory",
    "CourseFactory",
    "ItemFactory",
    "ItemVersionFactory",
    "LessonFactory",
    "ModuleFactory",
    "OptionFactory",
    "PoolFactory",
    "TagFactory",
    "TenantFactory",
    "bind",
    "multiple_response_draft",
]
