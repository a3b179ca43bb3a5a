"""Cross-references: finding `[[id#section|text]]`, resolving them, and the graph they make."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from .model import Document, Item, Reference
from .syntax import parse_cross_reference


class CrossReference(NamedTuple):
    """A `[[id#section|text]]` found in a body: where it is written and its three parts."""

    start: int
    end: int
    target: str
    section: str | None
    text: str | None


# `[[`, then text with no `]`, no line break and no other `[[`, then `]]`. The text is read
# possessively (`*+`) and stops at the next `[[`, where the next attempt starts: no
# character is read more than twice, however the brackets lie.
_CROSS_REFERENCE = re.compile(r"\[\[(?!\[)((?:[^\[\]\n]|\[(?!\[))*+)\]\]")


def cross_references(prose: str) -> Iterator[CrossReference]:
    """Every `[[...]]` in a body (code already blanked out), in order.

    A reference is `[[`, then text with no `]` and no line break, then `]]`; when `[[`
    appears twice before the `]]`, the later one starts the reference. What stands
    between the brackets is read by `syntax.parse_cross_reference`.
    """
    if "[[" not in prose:
        return
    for match in _CROSS_REFERENCE.finditer(prose):
        parsed = parse_cross_reference(match[1])
        if parsed is not None:
            yield CrossReference(match.start(), match.end(), *parsed)


#: More than any briefing needs: the rest of such a body is not read for references.
MAX_REFERENCES = 10_000


def find_references(prose: str, first_line: int) -> list[Reference]:
    """Every `[[...]]` in a body (code already blanked out), with its line in the file;
    at most MAX_REFERENCES + 1 (the caller reports a body with more)."""
    found = []
    line, counted_to = first_line, 0
    for ref in itertools.islice(cross_references(prose), MAX_REFERENCES + 1):
        line += prose.count("\n", counted_to, ref.start)
        counted_to = ref.start
        found.append(Reference(ref.target, ref.section, ref.text, line,
                               prose[ref.start : ref.end]))
    return found


class ReferenceIndex:
    """Looks items up by id, or by a guidance alias ('Working Together 2015')."""

    def __init__(self, items: dict[str, Item], duplicated: frozenset[str] = frozenset()) -> None:
        self.items = items
        #: Ids two files have (an error of each): what cites one is not judged by its kind.
        self.duplicated = duplicated
        self.aliases: dict[str, str] = {}
        for item in items.values():
            for alias in getattr(item, "aliases", []):
                self.aliases.setdefault(alias_key(alias), item.id)

    def resolve(self, reference: Reference) -> Item | None:
        """The item a reference points at, or None if there is none."""
        found = self.items.get(reference.target)
        if found is None:
            alias = self.aliases.get(alias_key(reference.target))
            found = self.items.get(alias) if alias else None
        return found

    def names(self) -> list[str]:
        return sorted(self.items)


def alias_key(text: str) -> str:
    """How [[...]] reads a name: case and runs of spaces do not matter."""
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Citation:
    """`source` refers to the item this citation is filed under, at `section`."""

    source: Document
    section: str | None


def incoming_references(
    documents: Iterable[tuple[Document, list[Reference]]], index: ReferenceIndex
) -> dict[str, list[Citation]]:
    """For each item id, who refers to it (each source and section once)."""
    incoming: dict[str, list[Citation]] = {}
    seen: set[tuple[str, int, str | None]] = set()
    for document, references in documents:
        for reference in references:
            target = index.resolve(reference)
            if target is None or target is document:
                continue
            key = (target.id, id(document), reference.section)
            if key not in seen:
                seen.add(key)
                incoming.setdefault(target.id, []).append(Citation(document, reference.section))
    return incoming
