"""HTML (Moodle's question text, Anki's fields) to plain text and plain text to HTML.

Bank text is plain data, so an import keeps what a reader of the HTML saw: the words, with
paragraphs and line breaks, entities decoded, and no markup. Text that only looks like markup
(``&lt;script&gt;``, ``[b]``) stays as those characters. The standard library's ``html.parser``
does the reading; it never fails on broken HTML, it just reads what it can.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

# Elements that start a new line when shown; those in _PARAGRAPHS leave a blank line as well.
_BLOCKS = frozenset({"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt",
                     "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li",
                     "main", "nav", "ol", "pre", "section", "table", "tbody", "thead", "tfoot",
                     "tr", "ul"})  # fmt: skip
_PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
# Content a browser does not show.
_HIDDEN = frozenset({"script", "style", "template", "head", "title"})
_SPACE = re.compile(r"[ \t\n\r\f]+")
# Raised and lowered text keeps its meaning on a plain line: 10<sup>3</sup> is 10³, not 103.
_SCRIPTS = {
    "sup": ("^", str.maketrans("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ")),
    "sub": (
        "_",
        str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"),
    ),
}
_IMAGE = re.compile(r"<img\b", re.IGNORECASE)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0
        self.pre = 0
        self.scripts: list[tuple[str, int]] = []  # open <sup>/<sub>, where their text starts

    def _break(self, n: int) -> None:
        # Breaks of neighbouring blocks (</li><li>, </p><p>) are one break, not their sum.
        if self.out and self.out[-1].strip("\n") == "":
            self.out[-1] = "\n" * max(n, len(self.out[-1]))
        else:
            self.out.append("\n" * n)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag in _PARAGRAPHS:
            self._break(2)
        elif tag in _BLOCKS:
            self._break(1)
            if tag == "li":
                self.out.append("- ")
            elif tag == "pre":
                self.pre += 1
        elif tag in ("td", "th"):
            self.out.append(" ")
        elif tag in _SCRIPTS:
            self.scripts.append((tag, len(self.out)))
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and alt.strip():
                self.out.append(f"(image: {_SPACE.sub(' ', alt.strip())})")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <img/>: no end tag follows, so a hidden element must not be left open.
        if tag not in _HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SCRIPTS and self.scripts and self.scripts[-1][0] == tag:
            start = self.scripts.pop()[1]
            self.out[start:] = [_script("".join(self.out[start:]), tag)]
        elif tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _PARAGRAPHS:
            self._break(2)
        elif tag in _BLOCKS:
            self._break(1)
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if not self.pre:
            data = _SPACE.sub(" ", data)
            if data == " " and (not self.out or self.out[-1].strip("\n") == ""):
                return  # the layout of the source between blocks, not a space in the text
        # A no-break space is kept as a space (it separates words all the same) after the
        # collapsing, so "a&nbsp;&nbsp;b" keeps its two spaces, as a browser shows them.
        self.out.append(data.replace("\xa0", " "))


def _script(text: str, tag: str) -> str:
    """The text of a ``<sup>`` or ``<sub>``: in Unicode super- or subscript characters when
    they have it all (x², H₂O), as written when it is letters (1st, Mme: read the same on
    the line), else marked as TeX does (x^(n+1), a_(2k))."""
    mark, table = _SCRIPTS[tag]
    core = text.strip()
    if not core:
        return text
    if all(ord(c) in table for c in core):
        return core.translate(table)
    if core.isalpha():
        return text
    return mark + (core if len(core) == 1 else f"({core})")


def html_to_text(html: str, *, newlines: bool = False) -> str:
    """The text a reader of ``html`` sees, with paragraphs as blank lines and ``<br>`` as line
    breaks. ``newlines``: a line break in the source is a break too (Moodle's "auto format")."""
    if newlines:
        html = html.replace("\r\n", "\n").replace("\n", "<br>")
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def has_images(html: str) -> bool:
    """Whether ``html`` shows an image, which plain text cannot hold."""
    return _IMAGE.search(html) is not None


def text_to_html(text: str) -> str:
    """Plain ``text`` as HTML that ``html_to_text`` reads back as the same text: characters
    escaped, blank lines as paragraphs, line breaks as ``<br>``, runs of spaces kept."""
    if not text:
        return ""
    paragraphs = re.split(r"\n[ \t]*\n+", text.strip("\n"))
    out = []
    for paragraph in paragraphs:
        html = escape(paragraph, quote=False)
        html = re.sub(r" {2,}", lambda m: " " + "&nbsp;" * (len(m.group()) - 1), html)
        out.append("<p>" + html.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)
