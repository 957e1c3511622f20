"""Factories for the bank's models: tenants, keys, courses, items with versions and options, pools, assessments."""

from __future__ import annotations

import hashlib

import factory

from itembank import models
from itembank.db import utcnow
from itembank.drafts import ItemDraft, OptionDraft
from tests.factories.base import BaseFactory


class TenantFactory(BaseFactory):
    class Meta:
        model = models.Tenant

    slug = factory.Sequence(lambda n: f"tenant-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.title())


class ApiKeyFactory(BaseFactory):
    class Meta:
        model = models.ApiKey

    tenant = factory.SubFactory(TenantFactory)
    prefix = factory.Sequence(lambda n: f"ak{n:08d}")
    secret_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.prefix.encode()).hexdigest())
    label = "test key"
    scopes = "deliver author analytics"

    class Params:
        revoked = factory.Trait(revoked_at=factory.LazyFunction(utcnow))


class CourseFactory(BaseFactory):
    class Meta:
        model = models.Course

    tenant_id = factory.LazyFunction(lambda: TenantFactory().id)
    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")


class ModuleFactory(BaseFactory):
    class Meta:
        model = models.Module

    course = factory.SubFactory(CourseFactory)
    slug = factory.Sequence(lambda n: f"module-{n}")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Module {n}")


class LessonFactory(BaseFactory):
    class Meta:
        model = models.Lesson

    module = factory.SubFactory(ModuleFactory)
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    subtitle = None


class BankFactory(BaseFactory):
    class Meta:
        model = models.Bank

    tenant_id = factory.LazyFunction(lambda: TenantFactory().id)
    slug = factory.Sequence(lambda n: f"bank-{n}")
    title = factory.Sequence(lambda n: f"Bank {n}")


class TagFactory(BaseFactory):
    class Meta:
        model = models.Tag

    tenant_id = factory.LazyFunction(lambda: TenantFactory().id)
    name = factory.Sequence(lambda n: f"tag-{n}")


def _single_choice_draft(n: int) -> ItemDraft:
    return ItemDraft(
        type=models.ItemType.SINGLE_CHOICE,
        stem=f"Question {n}?",
        options=tuple(OptionDraft(text=f"Option {letter}", correct=letter == "A") for letter in "ABCD"),
        feedback_correct="Correct.",
        feedback_incorrect="Not quite.",
    )


class ItemVersionFactory(BaseFactory):
    """A single-choice version with four options, A keyed, unless `draft` says otherwise."""

    class Meta:
        model = models.ItemVersion
        exclude = ("draft",)

    item = factory.SubFactory("tests.factories.bank.ItemFactory", versions=[])
    draft = factory.Sequence(_single_choice_draft)
    number = factory.LazyAttribute(lambda o: len(o.item.versions) + 1)
    type = factory.LazyAttribute(lambda o: o.draft.type)
    stem = factory.LazyAttribute(lambda o: o.draft.stem)
    points = factory.LazyAttribute(lambda o: o.draft.points)
    feedback_correct = factory.LazyAttribute(lambda o: o.draft.feedback_correct)
    feedback_incorrect = factory.LazyAttribute(lambda o: o.draft.feedback_incorrect)
    feedback_general = None
    spec = factory.LazyFunction(dict)
    content_hash = factory.LazyAttribute(lambda o: o.draft.content_hash())
    options = factory.LazyAttribute(
        lambda o: [
            models.Option(position=i, text=opt.text, is_correct=opt.correct, rationale=opt.rationale)
            for i, opt in enumerate(o.draft.options)
        ]
    )


class OptionFactory(BaseFactory):
    class Meta:
        model = models.Option

    version = factory.SubFactory(ItemVersionFactory)
    position = factory.LazyAttribute(lambda o: len(o.version.options))
    text = factory.Sequence(lambda n: f"Extra option {n}")
    is_correct = False
    rationale = None


def multiple_response_draft(n: int = 0) -> ItemDraft:
    """Four options, A and B keyed: `ItemVersionFactory(item=..., draft=multiple_response_draft())`."""
    return ItemDraft(
        type=models.ItemType.MULTIPLE_RESPONSE,
        stem=f"Pick the two true ones ({n}).",
        options=tuple(OptionDraft(text=f"Choice {letter}", correct=letter in "AB") for letter in "ABCD"),
        feedback_correct="Yes.",
        feedback_incorrect="No.",
    )


class ItemFactory(BaseFactory):
    """An item with one published version; `ItemFactory(versions=[])` gives a bare item."""

    class Meta:
        model = models.Item

    bank = factory.SubFactory(BankFactory)
    ref = factory.Sequence(lambda n: f"item-{n}")
    status = models.ItemStatus.PUBLISHED
    versions = factory.RelatedFactoryList(ItemVersionFactory, factory_related_name="item", size=1)

    class Params:
        retired = factory.Trait(status=models.ItemStatus.RETIRED)


class PoolFactory(BaseFactory):
    class Meta:
        model = models.Pool

    bank = factory.SubFactory(BankFactory)
    slug = factory.Sequence(lambda n: f"pool-{n}")
    title = factory.Sequence(lambda n: f"Pool {n}")


class AssessmentFactory(BaseFactory):
    class Meta:
        model = models.Assessment

    tenant_id = factory.LazyFunction(lambda: TenantFactory().id)
    slug = factory.Sequence(lambda n: f"assessment-{n}")
    kind = models.AssessmentKind.CUSTOM
    title = factory.Sequence(lambda n: f"Assessment {n}")
    pass_threshold_bp = 8000
    feedback_policy = models.FeedbackPolicy.AFTER_SUBMIT

    class Params:
        lesson_quiz = factory.Trait(
            kind=models.AssessmentKind.LESSON_QUIZ,
            lesson=factory.SubFactory(LessonFactory),
            feedback_policy=models.FeedbackPolicy.IMMEDIATE,
        )


class AssessmentSlotFactory(BaseFactory):
    class Meta:
        model = models.AssessmentSlot

    assessment = factory.SubFactory(AssessmentFactory)
    position = factory.LazyAttribute(lambda o: len(o.assessment.slots) + 1)
    item = factory.SubFactory(ItemFactory)
    pool = None
