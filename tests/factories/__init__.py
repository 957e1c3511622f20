"""factory-boy factories for every model, one module per model package; `bind` points them at a session.

`bank` builds the item bank's rows (tenants to assessments), `delivery` the attempts, through the real services.
"""

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
from tests.factories.base import bind, bound
from tests.factories.delivery import (
    AccommodationFactory,
    AttemptFactory,
    LearnerAccommodationFactory,
    keyed_option,
    wrong_option,
)

__all__ = [
    "AccommodationFactory",
    "ApiKeyFactory",
    "AssessmentFactory",
    "AssessmentSlotFactory",
    "AttemptFactory",
    "BankFactory",
    "CourseFactory",
    "ItemFactory",
    "ItemVersionFactory",
    "LearnerAccommodationFactory",
    "LessonFactory",
    "ModuleFactory",
    "OptionFactory",
    "PoolFactory",
    "TagFactory",
    "TenantFactory",
    "bind",
    "bound",
    "keyed_option",
    "multiple_response_draft",
    "wrong_option",
]
