"""Cross-references: finding `[[id#section|text]]`, resolving them, and the graph they make."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Document, Item, Reference

CROSS_REFERENCE = re.compile(
    r"\[\[[ \t]*([^\]\|#\n]+?)[ \t]*"  # [[id
    r"(?:#[ \t]*([^\]\|\n]*?)[ \t]*)?"  # #section
    r"(?:\|[ \t]*([^\]\n]*?)[ \t]*)?\]\]"  # |link text]]
)


def find_references(prose: str, first_line: int) -> list[Reference]:
    """Every `[[...]]` in a body (code already blanked out), with its line in the file."""
    if "[[" not in prose:
        return []
    found = []
    line, counted_to = first_line, 0
    for match in CROSS_REFERENCE.finditer(prose):
        line += prose.count("\n", counted_to, match.start())
        counted_to = match.start()
        found.append(Reference(match[1], match[2] or None, match[3] or None, line, match[0]))
    return found


class ReferenceIndex:
    """Looks items up by id, or by a guidance alias ('Working Together 2015')."""

    def __init__(self, items: dict[str, Item]) -> None:
        self.items = items
        self.aliases: dict[str, str] = {}
        for item in items.values():
            for alias in getattr(item, "aliases", []):
                self.aliases.setdefault(_alias_key(alias), item.id)

    def resolve(self, reference: Reference) -> Item | None:
        """The item a reference points at, or None if there is none."""
        found = self.items.get(reference.target)
        if found is None:
            alias = self.aliases.get(_alias_key(reference.target))
            found = self.items.get(alias) if alias else None
        return found

    def names(self) -> list[str]:
        return sorted(self.items)


def _alias_key(text: str) -> str:
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
