"""The closed vocabularies of the bank; values are stored as text, so they are part of the schema."""

from enum import StrEnum

from itembank.itemtypes.names import ItemType as ItemType  # kept with the item types, which must stay pure


class ItemStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class AssessmentStatus(StrEnum):
    """A draft is edited in place and cannot be started; a published one changes only by a new revision."""

    DRAFT = "draft"
    PUBLISHED = "published"


class AssessmentKind(StrEnum):
    LESSON_QUIZ = "lesson_quiz"
    MODULE_TEST = "module_test"
    CUSTOM = "custom"


class FeedbackPolicy(StrEnum):
    """When a learner may see correctness and feedback: at once per question, after submit, or never."""

    IMMEDIATE = "immediate"
    AFTER_SUBMIT = "after_submit"
    NEVER = "never"


class GradingMethod(StrEnum):
    """How a learner's several attempts combine into one result."""

    HIGHEST = "highest"
    FIRST = "first"
    LAST = "last"
    AVERAGE = "average"


class Scope(StrEnum):
    DELIVER = "deliver"
    AUTHOR = "author"
    ANALYTICS = "analytics"
    ADMIN = "admin"


class Role(StrEnum):
    """What an instructor may do in the workspace; each maps onto API scopes (`itembank.users.ROLE_SCOPES`)."""

    AUTHOR = "author"
    ANALYST = "analyst"
    ADMIN = "admin"
