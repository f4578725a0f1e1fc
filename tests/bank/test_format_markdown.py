"""Markdown export: a revision sheet whose text is the bank's text, never Markdown structure."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from quiz.bank.formats import markdown
from quiz.bank.loader import loads_bank
from tests.bank.importcheck import bundled

MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def shown(md_text: str) -> str:
    """The text a reader of the rendered Markdown sees, line breaks as newlines."""
    rendered = MD.render(md_text)
    assert rendered.startswith("<p>") and rendered.count("<p>") == 1, rendered
    inner = rendered.removeprefix("<p>").removesuffix("</p>\n")
    assert not re.search(r"<(?!br />)", inner), rendered  # no element but line breaks
    return html.unescape(inner.replace("<br />\n", "\n"))


NASTY = [
    "# not a heading",
    "> not a quote",
    "- not a list",
    "+ nor this",
    "1. not numbered",
    "2) nor this",
    "---",
    "===",
    "*not emphasis* and _not_ either",
    "`not code`",
    "[not a link](http://example.com)",
    "![no image](x.png)",
    "<b>not html</b> &amp; not an entity",
    "a | table | row",
    "~~not struck~~",
    "back\\slash at the end\\",
    "    four spaces, not code",
    "first line\nsecond line\n\nafter a blank line",
    "$x^2$ is not math",
]


@pytest.mark.parametrize("text", NASTY)
def test_bank_text_renders_as_itself(text):
    expected = "\n".join(line.strip() for line in text.split("\n"))
    assert shown(markdown.escape(text)) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab #>-+=*_`[]()!<>&|~\\$.1)\n ", min_size=1, max_size=30))
def test_any_text_renders_as_itself(text):
    lines = [line.strip() for line in text.strip().split("\n")]
    if not any(lines):
        return
    assert shown(markdown.escape(text)) == "\n".join(lines)


def test_the_bundled_bank_as_a_revision_sheet():
    bank = bundled()
    text = markdown.write(bank).data.decode("utf-8")
    assert text.startswith(f"# {bank.title}\n")
    tokens = MD.parse(text)
    headings = [t for t in tokens if t.type == "heading_open" and t.tag == "h2"]
    assert len(headings) == len(bank.questions)
    assert text.count("**Answer") == len(bank.questions)
    # Each explanation is there, as its text.
    rendered = html.unescape(re.sub(r"<[^>]+>", "", MD.render(text)))
    for q in bank.questions:
        if q.explanation:
            assert " ".join(q.explanation.split()) in " ".join(rendered.split())


def test_every_type_shows_its_answer():
    bank = loads_bank(
        """title: "Every *type*"
questions:
  - {id: c, type: choice, prompt: Capital?, choices: [Paris, Lyon], answer: Lyon}
  - {id: m, type: multi, prompt: Pick, choices: [a, b, c], answers: [a, c]}
  - {id: t, type: true_false, prompt: Sky is blue, answer: true}
  - {id: s, type: short, prompt: Who?, answer: Hugo, accept: [V. Hugo]}
  - {id: n, type: numeric, prompt: Pi?, answer: 3.14, tolerance: 0.01}
  - {id: z, type: cloze, prompt: "The {{sun|Sun}} is a {{star}}."}
  - {id: p, type: match, prompt: Match, pairs: {UN: United Nations, EU: European Union}}
  - {id: o, type: order, prompt: Order, items: [one, two, three]}
  - {id: f, type: flashcard, prompt: Front, answer: Back, hint: a hint, points: 2}
""",
        "every.yaml",
    )
    text = markdown.write(bank).data.decode("utf-8")
    assert text.startswith("# Every \\*type\\*\n")
    for expected in (
        "**Answer:** B. Lyon",
        "**Answers:** A. a; C. c",
        "**Answer:** True",
        "**Also accepted:** V. Hugo",
        "**Answer:** 3.14 (± 0.01)",
        "The \\[1\\] \\_\\_\\_\\_\\_ is a \\[2\\] \\_\\_\\_\\_\\_.",
        "1. sun (also: Sun)",
        "1. UN → ",
        "1. one\n2. two\n3. three",
        "*Hint:* a hint",
        "*2 points*",
    ):
        assert expected in text, expected
