"""Hostile QTI: entity bombs, external entities and packages that point outside themselves are refused
with an InterchangeError naming the file, and nothing is expanded, fetched or read from outside."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from itembank.errors import InterchangeError
from itembank.interchange.qti import looks_like_qti, read_qti
from itembank.interchange.qti.package import member_name
from itembank.interchange.qti.safe_xml import parse_xml

QTI21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"

ITEM = f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="{QTI21}" identifier="ok" title="Ok" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>A</value></correctResponse></responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>Which?</prompt>
    <simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice>
  </choiceInteraction></itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>"""

BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<assessmentItem xmlns="{QTI21}" identifier="bomb" title="&lol9;"/>"""


def external(uri: str) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE assessmentItem [<!ENTITY secret SYSTEM "{uri}">]>
<assessmentItem xmlns="{QTI21}" identifier="x" title="&secret;"/>"""


PARAMETER_ENTITY = f"""<?xml version="1.0"?>
<!DOCTYPE assessmentItem [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<assessmentItem xmlns="{QTI21}" identifier="x" title="t"/>"""


@pytest.mark.parametrize(
    "document",
    [BILLION_LAUGHS, external("file:///etc/passwd"), external("http://127.0.0.1:9/secret"), PARAMETER_ENTITY],
    ids=["billion-laughs", "file-entity", "http-entity", "parameter-entity"],
)
def test_entities_are_refused_with_a_clear_error(tmp_path: Path, document: str) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(document)
    with pytest.raises(InterchangeError, match="declares XML entities") as raised:
        read_qti(path)
    assert "hostile.xml" in str(raised.value)
    assert "root:" not in str(raised.value)  # /etc/passwd was never read into the message


def test_entities_are_refused_in_utf16_too() -> None:
    with pytest.raises(InterchangeError, match="declares XML entities"):
        parse_xml(external("file:///etc/passwd").replace('encoding="UTF-8"', "").encode("utf-16"), "u16.xml")


def test_a_doctype_without_entities_is_read() -> None:
    root = parse_xml(b'<?xml version="1.0"?><!DOCTYPE html><p xmlns="x">text</p>', "plain.xml")
    assert root.text == "text"


def test_malformed_xml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(f'<assessmentItem xmlns="{QTI21}"><itemBody>')
    with pytest.raises(InterchangeError, match=r"broken\.xml: is not well-formed XML"):
        read_qti(path)


def test_xml_of_another_kind_is_not_qti(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text('<quiz xmlns="http://moodle.org"/>')
    assert not looks_like_qti(path)
    with pytest.raises(InterchangeError, match="is not QTI"):
        read_qti(path)


def manifest(href: str) -> str:
    return f"""<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><organizations/>
  <resources><resource identifier="r" type="imsqti_item_xmlv2p1" href="{href}"><file href="{href}"/></resource>
  </resources></manifest>"""


def test_a_package_reads_items_through_its_manifest(tmp_path: Path) -> None:
    package = tmp_path / "ok.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest("items/ok.xml"))
        archive.writestr("items/ok.xml", ITEM)
    assert looks_like_qti(package)
    parsed = read_qti(package)
    assert [item.source_id for item in parsed.items] == ["ok"]
    assert parsed.items[0].source == "items/ok.xml"


@pytest.mark.parametrize("href", ["../outside.xml", "items/../../outside.xml", "/etc/passwd", "C:/x.xml", "a\\..\\b"])
def test_zip_slip_is_refused(tmp_path: Path, href: str) -> None:
    (tmp_path / "outside.xml").write_text(ITEM)
    package = tmp_path / "inner" / "slip.zip"
    package.parent.mkdir()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest(href))
    with pytest.raises(InterchangeError, match="outside the package"):
        read_qti(package)


def test_a_zip_member_named_outside_is_refused(tmp_path: Path) -> None:
    package = tmp_path / "evil.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest("items/ok.xml"))
        archive.writestr("../../evil.xml", ITEM)
    with pytest.raises(InterchangeError, match="outside the package"):
        read_qti(package)


def test_a_folder_link_leading_out_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.xml").write_text(ITEM)
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "imsmanifest.xml").write_text(manifest("link.xml"))
    (folder / "link.xml").symlink_to(tmp_path / "secret.xml")
    with pytest.raises(InterchangeError, match="leads outside the folder"):
        read_qti(folder)


def test_a_hostile_member_of_a_package_is_refused(tmp_path: Path) -> None:
    package = tmp_path / "bomb.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest("bomb.xml"))
        archive.writestr("bomb.xml", BILLION_LAUGHS)
    with pytest.raises(InterchangeError, match=r"bomb\.xml: declares XML entities"):
        read_qti(package)


def test_member_names_stay_inside() -> None:
    assert member_name("b.xml", "items") == "items/b.xml"
    assert member_name("../b.xml", "items") == "b.xml"
    assert member_name("./x/./y.xml#frag") == "x/y.xml"


def test_looks_like_qti(tmp_path: Path) -> None:
    item = tmp_path / "item.xml"
    item.write_text(ITEM)
    folder = tmp_path / "folder"
    folder.mkdir()
    assert looks_like_qti(item)
    assert not looks_like_qti(folder)
    (folder / "imsmanifest.xml").write_text(manifest("x.xml"))
    assert looks_like_qti(folder)
    gift = tmp_path / "questions.gift"
    gift.write_text("::Q1:: 2+2? {=4 ~5}")
    assert not looks_like_qti(gift)
    assert not looks_like_qti(tmp_path / "missing.xml")
