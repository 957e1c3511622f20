"""The Imports page in Chromium: a QTI 3.0 package (written by our own writer, with a test over its items)
uploaded by keyboard, its report read (the items with links to their editor, the assessment composed), and the
bank downloaded. axe-core finds no serious or critical violation; both states are photographed into
screenshots/workspace/imports*.png."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from itembank.drafts import ItemDraft, OptionDraft
from itembank.interchange.parsed import ImportedItem, ParsedAssessment
from itembank.interchange.qti import write_qti
from itembank.models import Assessment, Item
from itembank.models.enums import ItemType
from itembank.users import create_user
from tests import factories
from tests.browser.live_site import require_browser_tools
from tests.factories import BankFactory, TenantFactory
from tests.workspace.browser import check_page, live_server

EMAIL, PASSWORD = "grace@example.org", "a long enough password"
ITEMS = [
    ImportedItem(
        "prime",
        ItemDraft(ItemType.SINGLE_CHOICE, "Which is a prime?", (OptionDraft("4", False), OptionDraft("7", True))),
        title="A prime",
    ),
    ImportedItem("eighth", ItemDraft(ItemType.NUMERIC, "1/8 as a decimal?", spec={"answer": "0.125"}), title="1/8"),
]
PACKAGE = write_qti(ITEMS, "qti30", ParsedAssessment("week-2", "Week 2", ("prime", "eighth")))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_browser_tools()
    with live_server(tmp_path_factory.mktemp("imports-browser")) as (base, session):
        with factories.bound(session):
            tenant = TenantFactory(slug="default")
            BankFactory(tenant=tenant, slug="main", title="Main bank")
            create_user(session, tenant, email=EMAIL, password=PASSWORD, role="author")
            session.commit()
        yield base, session


@pytest.fixture(scope="module")
def page(browser, site):
    context = browser.new_context(base_url=site[0], bypass_csp=True, accept_downloads=True)  # CSP refuses axe
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_qti_package_uploaded_by_keyboard_and_its_report_read(page, site):
    from playwright.sync_api import expect

    _, session = site
    page.goto("/workspace/imports")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/workspace/imports")
    expect(page.get_by_role("link", name="Imports")).to_have_attribute("aria-current", "page")
    check_page(page, "imports")

    page.get_by_label("File").set_input_files({"name": "week-2.zip", "mimeType": "application/zip", "buffer": PACKAGE})
    page.get_by_label("Into the bank").select_option("main")
    page.get_by_label("File").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "format"  # the order a keyboard goes; left to detect
    page.get_by_role("button", name="Import").press("Enter")
    expect(page.get_by_role("heading", name="Imported week-2.zip")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("2 created, 0 revised, 0 unchanged, 0 refused, 0 skipped")
    session.expire_all()
    prime = session.scalar(select(Item).where(Item.ref == "prime"))
    assert prime is not None and prime.bank.slug == "main"
    prime_id = prime.id
    assert session.scalar(select(Assessment).where(Assessment.slug == "week-2")) is not None
    session.rollback()  # end the read: SQLite would keep the server's writes waiting on it
    expect(page.get_by_role("link", name="A prime")).to_have_attribute("href", f"/workspace/items/{prime_id}")
    expect(page.get_by_role("link", name="week-2")).to_be_visible()
    check_page(page, "imports-report")

    with page.expect_download() as download:
        page.get_by_role("link", name="GIFT (Moodle)").click()
    assert download.value.suggested_filename == "default-bank.gift"
    assert "Which is a prime?" in download.value.path().read_text(encoding="utf-8")
