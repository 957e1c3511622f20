"""Factories for the bank's models: tenants, keys, courses, items with versions and options, pools, assessments.

Each factory builds the rows it needs itself, all in one tenant: `AssessmentFactory(questions=15)` is a tenant,
a bank, fifteen published single-choice items (four options, A keyed) and their slots; `ItemFactory()` is a
tenant, a bank and an item with one published version. Pass a row to share it: `ItemFactory(bank=bank)`,
`AssessmentFactory(tenant=tenant)` (or `tenant_id=tenant.id`).
"""

from __future__ import annotations

import hashlib
from typing import ClassVar

import factory

from itembank import models
from itembank.db import utcnow
from itembank.drafts import ItemDraft, OptionDraft
from itembank.revisions import record_revision
from tests.factories.base import BaseFactory, current_session


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


def _tenant_with_the_given_id(owner) -> models.Tenant:
    return current_session().get_one(models.Tenant, owner.tenant_id)


class TenantOwnedFactory(BaseFactory):
    """A row with a `tenant_id`: pass `tenant=` a tenant or `tenant_id=` its id; by default a new tenant is made.

    `tenant` is a SubFactory unless `tenant_id` is given, so passing an id builds no second, unused tenant;
    either way `tenant` is the row's tenant, for declarations such as `factory.SelfAttribute("..tenant")`.
    """

    class Meta:
        abstract = True
        # `owner_id` is passed to the model as its `tenant_id` column; `tenant_id` is the caller's parameter.
        rename: ClassVar[dict[str, str]] = {"owner_id": "tenant_id"}

    class Params:
        tenant_id = None
        tenant = factory.Maybe(
            "tenant_id",
            yes_declaration=factory.LazyAttribute(_tenant_with_the_given_id),
            no_declaration=factory.SubFactory(TenantFactory),
        )

    owner_id = factory.SelfAttribute("tenant.id")


class CourseFactory(TenantOwnedFactory):
    class Meta:
        model = models.Course

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


class BankFactory(TenantOwnedFactory):
    class Meta:
        model = models.Bank

    slug = factory.Sequence(lambda n: f"bank-{n}")
    title = factory.Sequence(lambda n: f"Bank {n}")


class TagFactory(TenantOwnedFactory):
    class Meta:
        model = models.Tag

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
    """A published single-choice version with four options, A keyed, unless `draft` (and `status`) say otherwise.

    The item's status is its own attribute here: a factory does not run `itembank.workflow.refresh_status`."""

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
    status = models.ItemStatus.PUBLISHED
    author = "factory"
    options = factory.LazyAttribute(
        lambda o: [
            models.Option(position=i, text=opt.text, is_correct=opt.correct, rationale=opt.rationale)
            for i, opt in enumerate(o.draft.options)
        ]
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """A revision published: the item's version published before it is retired (one published per item)."""
        item = kwargs.get("item")
        if item is not None and kwargs.get("status") == models.ItemStatus.PUBLISHED:
            for other in item.versions:
                if other.status == models.ItemStatus.PUBLISHED:
                    other.status = models.ItemStatus.RETIRED
        return super()._create(model_class, *args, **kwargs)


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
    """An item with one published version; `ItemFactory(versions=[])` gives a bare item.

    Traits: `retired` (its one version retired too); `multiple_response` (its version is
    `multiple_response_draft`: four options, A and B keyed); `in_lesson` (the item belongs to a lesson of its
    bank's tenant).
    """

    class Meta:
        model = models.Item

    bank = factory.SubFactory(BankFactory)
    ref = factory.Sequence(lambda n: f"item-{n}")
    status = models.ItemStatus.PUBLISHED
    versions = factory.RelatedFactoryList(ItemVersionFactory, factory_related_name="item", size=1)

    class Params:
        retired = factory.Trait(
            status=models.ItemStatus.RETIRED,
            versions=factory.RelatedFactoryList(
                ItemVersionFactory, factory_related_name="item", size=1, status=models.ItemStatus.RETIRED
            ),
        )
        multiple_response = factory.Trait(
            versions=factory.RelatedFactoryList(
                ItemVersionFactory, factory_related_name="item", size=1, draft=factory.Sequence(multiple_response_draft)
            )
        )
        # A lesson of the bank's tenant; evaluated in the course's factory: up from course, module and lesson.
        in_lesson = factory.Trait(
            lesson=factory.SubFactory(
                LessonFactory, module__course__tenant_id=factory.SelfAttribute("....bank.tenant_id")
            )
        )


class PoolFactory(BaseFactory):
    """A pool in a bank: `PoolFactory(items=3)` adds three new published items of its bank, `items=[...]` those."""

    class Meta:
        model = models.Pool

    bank = factory.SubFactory(BankFactory)
    slug = factory.Sequence(lambda n: f"pool-{n}")
    title = factory.Sequence(lambda n: f"Pool {n}")

    @factory.post_generation
    def items(self, create, items, **kwargs):
        if isinstance(items, int):
            items = [ItemFactory(bank=self.bank, **kwargs) for _ in range(items)]
        if items:
            self.items = list(items)


class AssessmentFactory(TenantOwnedFactory):
    """An assessment of its tenant, with no slots unless `questions=N` asks for them.

    `questions=N` adds N slots, each a new published single-choice item with four options (A keyed), all in
    one new bank of the assessment's tenant (`questions__bank=` names another bank of that tenant).
    Traits: `lesson_quiz` (a lesson of the tenant's course, immediate feedback) and `module_test` (a module).
    Published (revision 1) unless `published=False`, which leaves a draft.
    """

    class Meta:
        model = models.Assessment

    slug = factory.Sequence(lambda n: f"assessment-{n}")
    kind = models.AssessmentKind.CUSTOM
    title = factory.Sequence(lambda n: f"Assessment {n}")
    pass_threshold_bp = 8000
    feedback_policy = models.FeedbackPolicy.AFTER_SUBMIT

    class Params:
        lesson_quiz = factory.Trait(
            kind=models.AssessmentKind.LESSON_QUIZ,
            # Evaluated in the course's factory: up from course, module and lesson to this assessment.
            lesson=factory.SubFactory(LessonFactory, module__course__tenant=factory.SelfAttribute("....tenant")),
            module=factory.SelfAttribute("lesson.module"),
            feedback_policy=models.FeedbackPolicy.IMMEDIATE,
        )
        module_test = factory.Trait(
            kind=models.AssessmentKind.MODULE_TEST,
            module=factory.SubFactory(ModuleFactory, course__tenant=factory.SelfAttribute("...tenant")),
        )

    @factory.post_generation
    def questions(self, create, count, bank=None):
        if not count:
            return
        if not create:
            raise TypeError("slots are rows of their own: questions=N needs AssessmentFactory(), not .build()")
        bank = bank or BankFactory(tenant_id=self.tenant_id)
        if bank.tenant_id != self.tenant_id:
            raise ValueError(f"bank {bank.id} is another tenant's than assessment {self.id}")
        for _ in range(count):
            AssessmentSlotFactory(assessment=self, item=ItemFactory(bank=bank))

    @factory.post_generation
    def published(self, create, published, **kwargs):
        """Published (its revision 1 frozen) unless `published=False`: a draft, which cannot be started."""
        if create and published is not False:
            record_revision(current_session(), self, author="factory")


class AssessmentSlotFactory(BaseFactory):
    """The next slot of an assessment: a new published item of the assessment's tenant, or with the trait
    `from_pool` a draw from a new pool of three such items (`pool__items=5` for five)."""

    class Meta:
        model = models.AssessmentSlot

    assessment = factory.SubFactory(AssessmentFactory)
    position = factory.LazyAttribute(lambda o: len(o.assessment.slots) + 1)
    # Evaluated in the bank's factory: up from bank and item (or pool) to this slot.
    item = factory.SubFactory(ItemFactory, bank__tenant_id=factory.SelfAttribute("...assessment.tenant_id"))
    pool = None
    points = None

    @factory.post_generation
    def republished(self, create, extracted, **kwargs):
        """A slot added to a published assessment is in its next revision, as the API would make it."""
        if create and self.assessment.status == models.AssessmentStatus.PUBLISHED:
            record_revision(current_session(), self.assessment, author="factory")

    class Params:
        from_pool = factory.Trait(
            item=None,
            pool=factory.SubFactory(
                PoolFactory, bank__tenant_id=factory.SelfAttribute("...assessment.tenant_id"), items=3
            ),
        )
