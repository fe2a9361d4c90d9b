"""The paragraphs of a Security Council resolution or draft: preambular, operative, sub-points.

The text is the stored, normalised text (\\n line endings). Each paragraph's `start`/`end` are
Python string offsets into it, and `text[start:end]` is the paragraph's own words: without its
number ("7.", "(a)"), which is kept in `label`, and without its sub-points, which are paragraphs
of their own. Numbers are taken as the text writes them: if it jumps from 6 to 8, the eighth
paragraph is number 8.

What is recognised, one line at a time:
- a heading block (symbol, "Draft resolution", a title…) up to the enacting formula ("The
  Security Council,") or, if there is none, up to the first line that opens with a participle
  ("Recalling", "Deeply concerned", "Acting under"…);
- preambular paragraphs, one a line, numbered 1, 2, 3… by order; a line that starts with a
  lower-case letter continues the line before it (a hard-wrapped paragraph);
- operative paragraphs, "7. Decides…" or "7.\\tDecides…", to the end of the text or an "Annex"
  line; every other line continues the paragraph or sub-point above it;
- sub-points at the start of a line, "(a)", "(b)"…, "(i)", "(ii)"…, "(1)", "(A)", nested as
  their numbering says: "(i)" after "(h)" is the ninth letter, "(i)" after "(b)" opens a list
  of Roman numerals inside (b).

eIds follow AKN4UN (unsceb-hlcm.github.io, "Modelling of GA resolutions": `para_8`,
`para_8__list_1__point_a`, `…__point_b__list_1__point_i`) for the operative part. AKN4UN puts
each preambular paragraph in a `<container>` of the `<preamble>` without saying how to name it;
these are named by the Akoma Ntoso Naming Convention 1.0 (§5.4.3: an element without a number is
counted, in Arabic numerals, within its context) with the `preamble__` prefix that laws-africa's
tools (bluebell) give to what the preamble holds: `preamble__container_3`, and a sub-point of it
`preamble__container_3__list_1__item_a` (a `blockList` of `item`s, as a container allows). An eId
that would repeat (a number written twice) gets `_2`, `_3`… as bluebell does.
"""

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["preambular", "operative"]
PREAMBULAR: Kind = "preambular"
OPERATIVE: Kind = "operative"

FORMULA_RE = re.compile(
    r"[ \t]*The[ \t]+(?:[A-Z][\w-]*[ \t]+){0,4}"
    r"(?:Council|Assembly|Conference|Commission|Committee)[ \t]*,?[ \t]*"
)
OPERATIVE_RE = re.compile(r"[ \t]*(\d{1,3})\.(?:[ \t]*(?=[^\d\s])|[ \t]*$)")
POINT_RE = re.compile(r"[ \t]*\(([a-z]{1,5}|[A-Z]|\d{1,2})\)[ \t]*(?=\S)")
END_RE = re.compile(r"[ \t]*(?:Annex|Appendix)(?:es)?(?:[ \t]+[IVX\d]+)?[ \t]*:?[ \t]*")
ROMAN_RE = re.compile(r"(?=[ivxlc])(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")

# Opening words of a preambular paragraph besides "-ing" and "-ed" forms ("Recalling", "Concerned").
PREAMBULAR_OPENERS = frozenset(
    {"mindful", "aware", "conscious", "cognizant", "desirous", "anxious", "confident"}
)
ADVERBS = frozenset(
    ["also", "further", "deeply", "gravely", "strongly", "fully", "firmly", "once", "again"]
)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph or sub-point of one version of a text."""

    kind: Kind
    number: int  # operative: as written ("7." → 7); preambular: 1, 2, 3… by order
    point: str  # "" for the paragraph; "a", "ii"…; nested points as a path, "b.ii"
    label: str  # the number as written: "7.", "(a)"; "" for a preambular paragraph
    eid: str
    parent_eid: str | None
    start: int
    end: int
    text: str  # text[start:end]: the paragraph's own words

    @property
    def is_point(self) -> bool:
        """True for a sub-point, False for a whole paragraph."""
        return bool(self.point)


@dataclass
class _Item:
    kind: Kind
    number: int
    point: str
    label: str
    eid: str
    parent: "_Item | None"
    start: int
    end: int
    lists: list["_List"] = field(default_factory=list)


@dataclass
class _List:
    style: str
    last: str
    items: list[_Item]


def split_paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs and sub-points of a resolution's text, in the order they are written."""
    return _Splitter(text).run()


def looks_preambular(line: str) -> bool:
    """Whether a line opens like a preambular paragraph ("Recalling", "Deeply concerned")."""
    words = re.findall(r"[^\W\d_]+", line[:80])
    for word in words[:3]:
        lower = word.lower()
        if lower in PREAMBULAR_OPENERS or (len(lower) > 4 and lower.endswith(("ing", "ed"))):
            return word[0].isupper() or word is not words[0]
        if lower not in ADVERBS:
            return False
    return False


class _Splitter:
    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[_Item] = []
        self.eids: dict[str, int] = {}
        self.current: _Item | None = None
        self.paragraph: _Item | None = None
        self.preambular = 0

    def run(self) -> list[Paragraph]:
        lines = list(_lines(self.text))
        first_operative = next(
            (i for i, (s, e) in enumerate(lines) if OPERATIVE_RE.match(self.text, s, e)),
            len(lines),
        )
        preamble_from = self._preamble_start(lines, first_operative)
        for index, (start, end) in enumerate(lines):
            if index < preamble_from:
                continue
            line = self.text[start:end]
            if not line.strip():
                continue
            if index >= first_operative and END_RE.fullmatch(line):
                break
            self._line(start, end, operative=index >= first_operative)
        return [self._freeze(item) for item in self.items]

    def _preamble_start(self, lines: list[tuple[int, int]], first_operative: int) -> int:
        for index, (start, end) in enumerate(lines[:first_operative]):
            if FORMULA_RE.fullmatch(self.text, start, end):
                return index + 1
        for index, (start, end) in enumerate(lines[:first_operative]):
            line = self.text[start:end].strip()
            if looks_preambular(line) and (line.endswith(",") or len(line.split()) >= 8):
                return index
        return first_operative

    def _line(self, start: int, end: int, *, operative: bool) -> None:
        number = OPERATIVE_RE.match(self.text, start, end) if operative else None
        point = POINT_RE.match(self.text, start, end) if self.paragraph else None
        if number:
            label = self.text[number.start(1) : number.end(1) + 1]
            value = int(number.group(1))
            self._open(OPERATIVE, value, "", label, f"para_{value}", None, number.end(), end)
        elif point:
            self._point(point.group(1), f"({point.group(1)})", point.end(), end)
        elif operative or (self.current and self.text[start:end].lstrip()[:1].islower()):
            self._continue(start, end)
        else:
            self.preambular += 1
            eid = f"preamble__container_{self.preambular}"
            own = start + len(self.text[start:end]) - len(self.text[start:end].lstrip())
            self._open(PREAMBULAR, self.preambular, "", "", eid, None, own, end)

    def _open(
        self,
        kind: Kind,
        number: int,
        point: str,
        label: str,
        eid: str,
        parent: _Item | None,
        start: int,
        end: int,
    ) -> _Item:
        item = _Item(kind, number, point, label, self._unique(eid), parent, start, start)
        item.end = _trimmed_end(self.text, start, end)
        self.items.append(item)
        self.current = item
        if parent is None:
            self.paragraph = item
        return item

    def _continue(self, start: int, end: int) -> None:
        if self.current is None:
            return
        self.current.end = _trimmed_end(self.text, self.current.start, end)

    def _point(self, token: str, label: str, start: int, end: int) -> None:
        assert self.paragraph is not None
        parent, lst = self._place(token)
        if lst is None:
            lst = _List(_style(token, parent), token, [])
            parent.lists.append(lst)
        lst.last = token
        element = "point" if parent.kind == OPERATIVE else "item"
        path = f"{parent.point}.{token}" if parent.point else token
        eid = f"{parent.eid}__list_1__{element}_{token}"
        item = self._open(parent.kind, parent.number, path, label, eid, parent, start, end)
        lst.items.append(item)

    def _place(self, token: str) -> tuple[_Item, "_List | None"]:
        """Where a sub-point goes: (its parent, the list it continues, or None for a new list)."""
        assert self.paragraph is not None
        chain = self._open_lists()
        styles = _styles(token)
        for parent, lst in reversed(chain):
            if lst.style in styles and _next(lst.style, lst.last) == token:
                return parent, lst
        if token in {"a", "i", "1", "A"}:
            innermost = chain[-1][1].items[-1] if chain else self.paragraph
            return innermost, None
        for parent, lst in reversed(chain):
            if lst.style in styles:
                return parent, lst
        return (chain[-1][1].items[-1] if chain else self.paragraph), None

    def _open_lists(self) -> list[tuple[_Item, _List]]:
        """The lists open at the current line, outermost first, each with its parent."""
        assert self.paragraph is not None
        chain: list[tuple[_Item, _List]] = []
        parent = self.paragraph
        while parent.lists:
            lst = parent.lists[-1]
            chain.append((parent, lst))
            parent = lst.items[-1]
        return chain

    def _unique(self, eid: str) -> str:
        count = self.eids[eid] = self.eids.get(eid, 0) + 1
        return eid if count == 1 else self._unique(f"{eid}_{count}")

    def _freeze(self, item: _Item) -> Paragraph:
        return Paragraph(
            kind=item.kind,
            number=item.number,
            point=item.point,
            label=item.label,
            eid=item.eid,
            parent_eid=item.parent.eid if item.parent else None,
            start=item.start,
            end=item.end,
            text=self.text[item.start : item.end],
        )


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without its \\n."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _trimmed_end(text: str, start: int, end: int) -> int:
    """`end` moved back over trailing white space, never before `start`."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _styles(token: str) -> set[str]:
    """The list styles a sub-point's token can belong to."""
    if token.isdigit():
        return {"digit"}
    if token.isupper():
        return {"upper"}
    styles = set()
    if len(token) == 1 or (len(token) == 2 and token[0] == token[1]):
        styles.add("alpha")
    if ROMAN_RE.fullmatch(token):
        styles.add("roman")
    return styles or {"alpha"}


def _style(token: str, parent: _Item) -> str:
    """The style of a new list that `token` opens: "(i)" opens Roman numerals, and so does
    a letter that is also a numeral ("v", "x") inside a sub-point; otherwise letters."""
    styles = _styles(token)
    if len(styles) == 1:
        return next(iter(styles))
    return "roman" if token == "i" or parent.point else "alpha"


def _next(style: str, token: str) -> str:
    """The token that follows `token` in a list of `style`."""
    if style == "digit":
        return str(int(token) + 1)
    if style == "roman":
        return _to_roman(_from_roman(token) + 1)
    if style == "upper":
        return chr(ord(token) + 1)
    if token == "z":
        return "aa"
    if len(token) == 2:
        return chr(ord(token[0]) + 1) * 2
    return chr(ord(token) + 1)


ROMAN_VALUES = [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix")]
ROMAN_VALUES += [(5, "v"), (4, "iv"), (1, "i")]


def _from_roman(token: str) -> int:
    value, rest = 0, token
    for amount, letters in ROMAN_VALUES:
        while rest.startswith(letters):
            value, rest = value + amount, rest[len(letters) :]
    return value


def _to_roman(value: int) -> str:
    out = ""
    for amount, letters in ROMAN_VALUES:
        while value >= amount:
            out, value = out + letters, value - amount
    return out
