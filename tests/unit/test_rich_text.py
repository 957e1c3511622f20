"""Item text is sanitized HTML: hostile input through every HTML field of a draft leaves nothing that can run.

Each output is parsed twice, by html5lib (the HTML standard's parser, as a browser builds the DOM, SVG and
MathML namespaces included) and by Python's html.parser, and every element, attribute and URL is checked
against `itembank.rich_text`'s lists, with a URL read as a browser reads it (tabs and newlines dropped, leading
control characters and spaces trimmed, case ignored). The corpus is tests/unit/data/hostile_html.yaml.
"""

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from itembank import rich_text
from itembank.drafts import ITEM_HTML_FIELDS, OPTION_HTML_FIELDS, ItemDraft, OptionDraft
from itembank.itemtypes import ItemType
from itembank.rich_text import plain_text, sanitize

CORPUS = yaml.safe_load((Path(__file__).parent / "data" / "hostile_html.yaml").read_text(encoding="utf-8"))
VECTORS = [(f"{group}-{index}", vector) for group, vectors in CORPUS.items() for index, vector in enumerate(vectors)]
XHTML = "{http://www.w3.org/1999/xhtml}"
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def _url_scheme(url: str) -> str | None:
    """The scheme a browser sees: it drops tabs and newlines anywhere and trims C0 controls and spaces."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21)))).lower()
    found = _SCHEME.match(cleaned)
    return found.group(1) if found else None


def _attribute_problems(tag: str, name: str, value: str) -> list[str]:
    problems = []
    allowed = rich_text.ALLOWED_TAGS.get(tag, frozenset()) | ({"rel"} if tag == "a" else set())
    if name not in allowed:
        problems.append(f"attribute {name!r} on <{tag}>")
    if name.startswith("on") or name == "style":
        problems.append(f"dangerous attribute {name!r}")
    if tag == "a" and name == "href" and _url_scheme(value) not in rich_text.LINK_SCHEMES:
        problems.append(f"link URL {value!r}")
    if tag == "img" and name == "src" and _url_scheme(value) not in rich_text.IMAGE_SCHEMES:
        problems.append(f"image URL {value!r}")
    if tag == "a" and name == "rel" and value != rich_text.LINK_REL:
        problems.append(f"rel {value!r}")
    return problems


def _html5lib_problems(fragment: str) -> list[str]:
    problems = []
    for element in html5lib.parseFragment(fragment, container="div").iter():
        if not isinstance(element.tag, str):
            problems.append(f"a comment or processing instruction: {element.text!r}")
            continue
        if element.tag == "DOCUMENT_FRAGMENT":
            continue
        if not element.tag.startswith(XHTML):
            problems.append(f"foreign element {element.tag}")
            continue
        tag = element.tag.removeprefix(XHTML)
        if tag not in rich_text.ALLOWED_TAGS:
            problems.append(f"tag <{tag}>")
        if tag == "a" and element.get("rel") != rich_text.LINK_REL:
            problems.append(f"a link without rel={rich_text.LINK_REL!r}")
        for name, value in element.attrib.items():
            problems += _attribute_problems(tag, name, value) if "}" not in name else [f"namespaced {name}"]
    return problems


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in rich_text.ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            self.problems += _attribute_problems(tag, name, value or "")

    def handle_comment(self, data):
        self.problems.append(f"comment {data!r}")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl!r}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction {data!r}")


def _problems(fragment: str) -> list[str]:
    walker = _Walker()
    walker.feed(fragment)
    walker.close()
    problems = _html5lib_problems(fragment) + walker.problems
    if re.search(r"<\s*/?\s*(script|style|svg|math|iframe|object|embed)", fragment, re.IGNORECASE):
        problems.append("a dangerous tag name after '<'")
    return problems


def test_the_checker_finds_what_it_looks_for():
    """Unsanitized, the corpus is full of what the checks forbid: they are not vacuous."""
    assert all(_problems(vector) for vector in (
        '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>',
        '<a href=" JAVA\tSCRIPT:alert(1)">x</a>', '<p style="color:red">x</p>', '<svg><a>x</a></svg>',
        '<img src="http://insecure.example/a.png">', '<a href="https://ok.example/">no rel</a>', '<!-- c -->',
        '<math><mi>x</mi></math>', '<a href="/relative">x</a>', '<img src="data:image/png;base64,AA==">',
    ))  # fmt: skip
    assert sum(bool(_problems(vector)) for _id, vector in VECTORS) > 0.9 * len(VECTORS)


@pytest.mark.parametrize("vector", [vector for _id, vector in VECTORS], ids=[vector_id for vector_id, _v in VECTORS])
def test_hostile_html_through_every_field_of_a_draft_leaves_nothing_that_can_run(vector):
    option = OptionDraft(text=vector, correct=True, rationale=vector)
    draft = ItemDraft(
        type=ItemType.SINGLE_CHOICE,
        stem=vector,
        options=(option, OptionDraft(text=vector, correct=False, rationale=vector)),
        feedback_correct=vector,
        feedback_incorrect=vector,
        feedback_general=vector,
    )
    stored = [getattr(draft, name) for name in ITEM_HTML_FIELDS]
    stored += [getattr(option, name) for option in draft.options for name in OPTION_HTML_FIELDS]
    assert len(stored) == len(ITEM_HTML_FIELDS) + 2 * len(OPTION_HTML_FIELDS)
    for text in stored:
        assert _problems(text) == [], text
        assert sanitize(text) == text  # idempotent: stored text sanitizes to itself


@pytest.mark.parametrize("vector", [vector for _id, vector in VECTORS], ids=[vector_id for vector_id, _v in VECTORS])
def test_the_content_hash_is_of_the_sanitized_text(vector):
    draft = ItemDraft(type=ItemType.SINGLE_CHOICE, stem=vector, options=(OptionDraft(vector, True, vector),))
    again = ItemDraft(
        type=ItemType.SINGLE_CHOICE,
        stem=sanitize(vector),
        options=(OptionDraft(sanitize(vector), True, sanitize(vector)),),
    )
    assert draft == again and draft.content_hash() == again.content_hash()


def test_every_text_field_of_a_draft_is_an_html_field():
    """A new text field must join ITEM_HTML_FIELDS / OPTION_HTML_FIELDS (and be sanitized) to pass here."""

    def text_fields(cls):
        return {f.name for f in dataclasses.fields(cls) if str(f.type).startswith("str")}

    assert text_fields(ItemDraft) == set(ITEM_HTML_FIELDS)
    assert text_fields(OptionDraft) == set(OPTION_HTML_FIELDS)


TOKENS = [
    "<", ">", "</", "/>", "=", '"', "'", "`", " ", "\t", "\n", "\0", "&", "#", ";", ":", "&#", "&#x", "&lt;", "&amp;",
    "script", "SCRIPT", "img", "a", "b", "p", "svg", "math", "mtext", "mglyph", "style", "table", "td", "noscript",
    "iframe", "title", "textarea", "xmp", "template", "select", "option", "form", "input", "!--", "-->", "<!--",
    "src", "href", "xlink:href", "onerror", "onload", "on", "rel", "width", "colspan", "scope", "alt",
    "javascript", "java", "script:", "vbscript:", "data:", "https:", "http:", "mailto:", "//", "x", "alert(1)",
    "106", "58", "6A", "x3A", "\u00a0", "\u2028", "\ufeff",
]  # fmt: skip


@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
@example('<svg><p><style><a title="</style><img src onerror=alert(1)>">')
@example("<a href=&#x6A;avascript:alert(1)>x</a>")
def test_any_mix_of_html_tokens_sanitizes_to_safe_idempotent_html(text):
    cleaned = sanitize(text)
    assert _problems(cleaned) == []
    assert sanitize(cleaned) == cleaned


# Plain text: every character is kept; only its HTML spelling changes.

plain_texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="<&\r\0"), max_size=80)


@given(plain_texts)
@example("Is 3 > 2? \"Yes\", it's 'so'.")
@example("  leading and trailing spaces  ")
def test_text_without_markup_reads_the_same_after_sanitizing(text):
    assert plain_text(sanitize(text)) == text


@pytest.mark.parametrize(
    ("written", "stored", "reads"),
    [
        ("Is 3 < 5?", "Is 3 &lt; 5?", "Is 3 < 5?"),
        ("x<y and y>z", "x&lt;y and y&gt;z", "x<y and y>z"),
        ("Is a<b?", "Is a&lt;b?", "Is a<b?"),
        ("a<b", "a&lt;b", "a<b"),
        ("<3, <-, <=, << and <>", "&lt;3, &lt;-, &lt;=, &lt;&lt; and &lt;&gt;", "<3, <-, <=, << and <>"),
        ("<my-element> is no HTML tag", "&lt;my-element&gt; is no HTML tag", "<my-element> is no HTML tag"),
        ("AT&T and R&D", "AT&amp;T and R&amp;D", "AT&T and R&D"),
        ("&copy, no semicolon, &lt", "&amp;copy, no semicolon, &amp;lt", "&copy, no semicolon, &lt"),
        ("&copy; &eacute; &#60; &#x3C; &amp;", "© é &lt; &lt; &amp;", "© é < < &"),
        ("no\u00a0break", "no&nbsp;break", "no\u00a0break"),
        ("lines\r\nand\rreturns", "lines\nand\nreturns", "lines\nand\nreturns"),
        ("NUL\0dropped", "NULdropped", "NULdropped"),
        ("Café — “quotes” 🙂", "Café — “quotes” 🙂", "Café — “quotes” 🙂"),
        ("Write <b> for bold", "Write <b> for bold</b>", "Write  for bold"),  # a tag name then > is markup
    ],
)  # fmt: skip
def test_how_plain_text_is_stored_and_read(written, stored, reads):
    assert sanitize(written) == stored
    assert plain_text(stored) == reads


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("<p>One <em>two</em> <strong>three</strong> <i>i</i> <b>b</b> <u>u</u> <s>s</s> H<sub>2</sub>O</p>", None),
        ("<p>x<sup>2</sup></p>", None),
        ("<ul><li>a</li><li>b</li></ul><ol start=\"3\"><li>c</li></ol>", None),
        ("<pre><code>if a &lt; b:\n    return</code></pre> press <kbd>Ctrl</kbd>", None),
        ("<blockquote>quoted<br>line</blockquote>", None),
        ('<table><caption>c</caption><thead><tr><th scope="col" colspan="2">h</th></tr></thead>'
         '<tbody><tr><td rowspan="1">1</td><td>2</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>', None),
        ('<a href="https://example.org/a?b=1&amp;c=2" title="t">link</a>',
         '<a href="https://example.org/a?b=1&amp;c=2" title="t" rel="noopener noreferrer nofollow">link</a>'),
        ('<a href="mailto:teacher@example.org" rel="opener">mail</a>',
         '<a href="mailto:teacher@example.org" rel="noopener noreferrer nofollow">mail</a>'),
        ('<a href="http://example.org/">plain http link</a>',
         '<a href="http://example.org/" rel="noopener noreferrer nofollow">plain http link</a>'),
        ('<img src="https://example.org/a.png" alt="a chart" title="t" width="320" height="200">', None),
        ("<table><tr><td>x</td></tr></table>", "<table><tbody><tr><td>x</td></tr></tbody></table>"),
        ("<p>unclosed", "<p>unclosed</p>"),
        ("<B>upper</B>", "<b>upper</b>"),
    ],
)  # fmt: skip
def test_the_allowed_subset_survives(written, stored):
    assert sanitize(written) == (written if stored is None else stored)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ('<img src="http://example.org/a.png" alt="x">', '<img alt="x">'),  # images: https only
        ('<a href="/relative">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<img src="https://example.org/a.png" width="100%">', '<img src="https://example.org/a.png">'),
        ('<th scope="everything">x</th>', "x"),  # a cell outside a table is no cell
        ('<table><tr><th scope="everything" colspan="x">h</th></tr></table>',
         "<table><tbody><tr><th>h</th></tr></tbody></table>"),
        ("<div><span>unlisted tags keep their text</span></div>", "unlisted tags keep their text"),
        ("<script>alert(1)</script><style>p{}</style>kept", "kept"),
    ],
)  # fmt: skip
def test_what_falls_outside_the_subset_is_removed(written, stored):
    assert sanitize(written) == stored


def test_plain_text_and_blankness():
    assert plain_text('<p>a <img src="https://e.org/i.png" alt="chart"> &lt;b&gt;</p>') == "a chart <b>"
    assert rich_text.shows_nothing("<p> <b>\u00a0</b></p>")
    assert not rich_text.shows_nothing('<img src="https://e.org/i.png">')
    assert rich_text.shows_nothing(sanitize("<img src=x onerror=alert(1)>")) and sanitize("<img src=x>") == "<img>"
    assert not rich_text.shows_nothing("0")


def test_input_that_never_settles_keeps_its_text_and_loses_its_markup(monkeypatch):
    """No input known needs more than three passes; were one found, the write still succeeds, safely."""
    monkeypatch.setattr(rich_text, "_MOST_PASSES", 0)
    nested = '<a href="https://ok.example/"><table><a href="https://ok.example/b">x &lt; y</a></table></a>'
    cleaned = sanitize(nested)
    assert cleaned == "x &lt; y"
    assert sanitize(cleaned) == cleaned
