"""docs/rich-text.md and docs/item-types.md say what `itembank.rich_text` and `itembank.itemtypes` do."""

import re
from pathlib import Path

from itembank import rich_text

DOC = (Path(__file__).resolve().parents[2] / "docs" / "rich-text.md").read_text(encoding="utf-8")


def _marked(name: str) -> str:
    found = re.search(rf"<!-- {name}: begin -->(.*?)<!-- {name}: end -->", DOC, re.DOTALL)
    assert found, f"docs/rich-text.md lost its {name} markers"
    return found.group(1)


def _names(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def test_the_documented_tags_and_attributes_are_the_modules():
    rows = [line for line in _marked("allowed-tags").strip().splitlines() if line.startswith("| `")]
    documented = {}
    for row in rows:
        _empty, tag, attributes, _end = row.split("|")
        [name] = _names(tag)
        documented[name] = frozenset(_names(attributes))
    assert documented == dict(rich_text.ALLOWED_TAGS)
    assert [tag for tag in documented] == list(rich_text.ALLOWED_TAGS), "keep the module's order"


def test_the_documented_schemes_rel_and_removed_tags_are_the_modules():
    assert set(_names(_marked("link-schemes"))) == rich_text.LINK_SCHEMES
    assert set(_names(_marked("image-schemes"))) == rich_text.IMAGE_SCHEMES
    assert _marked("link-rel") == rich_text.LINK_REL
    assert _names(_marked("removed")) == sorted(rich_text.REMOVED_WITH_CONTENT)


def test_the_documented_plain_text_examples_hold():
    assert rich_text.sanitize("Is 3 < 5?") == "Is 3 &lt; 5?"
    assert rich_text.sanitize("AT&T") == "AT&amp;T"
    assert "| `Is 3 < 5?` | `Is 3 &lt; 5?` | Is 3 < 5? |" in DOC


def test_docs_item_types_names_every_type_and_spec_key():
    """docs/item-types.md is the authors' reference: a type or a spec key missing there is a doc to write."""
    from itembank.itemtypes import ITEM_TYPES

    types_doc = (Path(__file__).resolve().parents[2] / "docs" / "item-types.md").read_text(encoding="utf-8")
    for item_type, module in ITEM_TYPES.items():
        assert f"\n## {item_type}\n" in types_doc
        section = types_doc.split(f"\n## {item_type}\n", 1)[1].split("\n## ", 1)[0]
        for name in module.SPEC:
            assert f"`spec.{name}`" in section, (item_type, name)
