"""What changed between two versions of a text: paragraph by paragraph, and word by word.

`diff_versions` takes the matches of `tracker.text.matching` (stored, and corrected by an
editor) and says of each paragraph whether it is unchanged, changed, added, removed, moved, or
moved and changed. "Moved" means out of order with the paragraphs around it, or under another
parent; a paragraph only renumbered because one was inserted before it is not moved
(`ParagraphChange.renumbered` says it was renumbered). The list follows the new version, with
each removed paragraph where it stood in the old one.

Word diffs come from difflib on words, spaces and punctuation marks as separate tokens, so that
joining the "equal" and "delete" pieces gives back the old text exactly and joining the "equal"
and "insert" pieces the new one. The HTML helpers escape every piece of text.
"""

import difflib
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from tracker.text.paragraphs import Paragraph

ChangeKind = Literal["unchanged", "changed", "added", "removed", "moved", "moved_changed"]
WordOp = Literal["equal", "delete", "insert"]
WordDiff = list[tuple[WordOp, str]]

TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class ParagraphChange:
    """One paragraph of a diff, with its two versions (None where it has only one)."""

    kind: ChangeKind
    old: Paragraph | None
    new: Paragraph | None
    words: WordDiff

    @property
    def moved(self) -> bool:
        """Moved: out of order, or under another parent paragraph."""
        return self.kind in ("moved", "moved_changed")

    @property
    def changed(self) -> bool:
        """The wording changed (a paragraph added or removed counts as changed)."""
        return self.kind not in ("unchanged", "moved")

    @property
    def renumbered(self) -> bool:
        """Both versions exist and the number or point differs."""
        return bool(
            self.old
            and self.new
            and (self.old.number, self.old.point) != (self.new.number, self.new.point)
        )


def word_diff(a: str, b: str) -> WordDiff:
    """The word-level diff from `a` to `b` as ("equal"|"delete"|"insert", text) pieces."""
    a_tokens, b_tokens = TOKEN_RE.findall(a), TOKEN_RE.findall(b)
    matcher = difflib.SequenceMatcher(None, a_tokens, b_tokens, autojunk=False)
    pieces: WordDiff = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(a_tokens[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("delete", "".join(a_tokens[i1:i2])))
        if j2 > j1:
            pieces.append(("insert", "".join(b_tokens[j1:j2])))
    return _merged(_spaces_folded(pieces))


def diff_versions(
    old: Sequence[Paragraph], new: Sequence[Paragraph], matches: Mapping[int, int]
) -> list[ParagraphChange]:
    """Every paragraph of both versions, in the new version's order, with what happened to it."""
    pairs = sorted(matches.items())
    in_order = _longest_increasing([o for _, o in pairs])
    old_parents = _parent_indices(old)
    new_parents = _parent_indices(new)

    def same_parent(n: int, o: int) -> bool:
        parent = new_parents[n]
        return (None if parent is None else matches.get(parent)) == old_parents[o]

    moved = {
        n
        for position, (n, o) in enumerate(pairs)
        if position not in in_order or not same_parent(n, o)
    }

    # A removed paragraph goes after the new place of the nearest old paragraph before it that
    # kept its place; -1 is "before everything".
    anchors = sorted((o, n) for n, o in pairs if n not in moved)
    anchor_olds = [o for o, _ in anchors]
    removed_after: dict[int, list[int]] = {}
    matched_old = set(matches.values())
    for o in range(len(old)):
        if o not in matched_old:
            at = bisect_left(anchor_olds, o) - 1
            removed_after.setdefault(anchors[at][1] if at >= 0 else -1, []).append(o)

    changes = [_removed(old[o]) for o in removed_after.get(-1, [])]
    for n, paragraph in enumerate(new):
        if n in matches:
            changes.append(_pair(old[matches[n]], paragraph, moved=n in moved))
        else:
            added: WordDiff = [("insert", paragraph.text)] if paragraph.text else []
            changes.append(ParagraphChange("added", None, paragraph, added))
        changes.extend(_removed(old[o]) for o in removed_after.get(n, []))
    return changes


def inline_html(words: WordDiff) -> SafeString:
    """The diff as one run of escaped text with <del> and <ins>."""
    return mark_safe("".join(_piece_html(op, text) for op, text in words))


def side_by_side_html(words: WordDiff) -> tuple[SafeString, SafeString]:
    """(old, new): the old text with its deletions in <del>, the new with insertions in <ins>."""
    old = "".join(_piece_html(op, text) for op, text in words if op != "insert")
    new = "".join(_piece_html(op, text) for op, text in words if op != "delete")
    return mark_safe(old), mark_safe(new)


def _piece_html(op: WordOp, text: str) -> str:
    if op == "delete":
        return format_html("<del>{}</del>", text)
    if op == "insert":
        return format_html("<ins>{}</ins>", text)
    return escape(text)


def _parent_indices(paragraphs: Sequence[Paragraph]) -> list[int | None]:
    """The index of each paragraph's parent, None for a whole paragraph."""
    index = {p.eid: i for i, p in enumerate(paragraphs)}
    return [index.get(p.parent_eid) if p.parent_eid else None for p in paragraphs]


def _pair(old: Paragraph, new: Paragraph, *, moved: bool) -> ParagraphChange:
    changed = " ".join(old.text.split()) != " ".join(new.text.split())
    kind: ChangeKind
    if moved:
        kind = "moved_changed" if changed else "moved"
    else:
        kind = "changed" if changed else "unchanged"
    return ParagraphChange(kind, old, new, word_diff(old.text, new.text))


def _removed(old: Paragraph) -> ParagraphChange:
    return ParagraphChange("removed", old, None, [("delete", old.text)] if old.text else [])


def _spaces_folded(pieces: WordDiff) -> WordDiff:
    """A run of white space alone between two changes joins both sides of the change, so that
    "the [-big-] [+small+] cat" does not read as two changes split by a space."""
    out: WordDiff = []
    for i, (op, text) in enumerate(pieces):
        between_changes = 0 < i < len(pieces) - 1 and pieces[i + 1][0] != "equal"
        if op == "equal" and text.isspace() and between_changes and out and out[-1][0] != "equal":
            out.extend([("delete", text), ("insert", text)])
        else:
            out.append((op, text))
    return out


def _merged(pieces: WordDiff) -> WordDiff:
    """Adjacent pieces of one kind joined, deletions always before insertions."""
    out: WordDiff = []
    for op, text in pieces:
        if not text:
            continue
        # Gather a stretch of changes as one deletion followed by one insertion.
        if op != "equal" and out and out[-1][0] != "equal":
            stretch = [out.pop()]
            if out and out[-1][0] != "equal":
                stretch.insert(0, out.pop())
            stretch.append((op, text))
            deleted = "".join(t for o, t in stretch if o == "delete")
            inserted = "".join(t for o, t in stretch if o == "insert")
            out.extend(p for p in (("delete", deleted), ("insert", inserted)) if p[1])
        elif out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions of a longest strictly increasing subsequence of `values`."""
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[k] = value
            tail_at[k] = i
        previous[i] = tail_at[k - 1] if k else -1
    positions, i = set(), tail_at[-1] if tail_at else -1
    while i >= 0:
        positions.add(i)
        i = previous[i]
    return positions
