"""Reference checks: they need every item, so they run after all files are read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from .diagnostics import Diagnostic, at_most, error, excerpt, warning, with_article
from .model import Document, Guidance, Item, Reference, Review
from .publication import is_public, unpublished_why
from .references import ReferenceIndex
from .suggestions import near_miss

#: Front-matter keys whose ids must be of one kind.
_EXPECTED_KIND = {"guidance": Guidance, "reviews": Review, "superseded_by": Guidance}


def check_references(
    documents: Iterable[tuple[Document, list[Reference]]], index: ReferenceIndex, as_of: date
) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for document, references in documents:
        expected = _expected_kinds(document)
        public = is_public(document, as_of)  # once, not for each of its references
        found += at_most((problem for reference in references for problem in _check_one(
            document, reference, expected.get(id(reference)), index, as_of, public)),
            document.rel)
    return found


def _suggestion(target: str, kind: type[Item] | None, index: ReferenceIndex) -> str:
    """A did-you-mean for an unknown id, among items of the kind expected, worked out
    once per id, kind and index."""
    cache = index.__dict__.setdefault("_suggestions", {})
    if (target, kind) not in cache:
        candidates = {item.id: _naming_words(item) for item in index.items.values()
                      if kind is None or isinstance(item, kind)}
        candidates |= {alias: alias for alias, item_id in index.aliases.items()
                       if item_id in candidates}
        cache[target, kind] = near_miss(target, candidates)
    return cache[target, kind]


def _naming_words(item: Item) -> str:
    return f"{item.title} {getattr(item, 'subject', None) or ''}"


def _newest(guidance: Guidance, index: ReferenceIndex) -> Item | None:
    """The end of a chain of `superseded_by`: what to cite today."""
    seen = {guidance.id}
    current: Item = guidance
    while isinstance(current, Guidance) and current.superseded_by is not None:
        successor = index.resolve(current.superseded_by)
        if successor is None or successor.id in seen:
            return None if current is guidance else current
        seen.add(successor.id)
        current = successor
    return current


def _chain_back_to(guidance: Guidance, successor: Item,
                   index: ReferenceIndex) -> list[str] | None:
    """The ids from `guidance` through its successors back to itself, if they loop."""
    chain, current = [guidance.id], successor
    while isinstance(current, Guidance):
        chain.append(current.id)
        if current.id == guidance.id:
            return chain
        if current.superseded_by is None or current.id in chain[:-1]:
            return None  # the chain ends, or loops without this one
        current = index.resolve(current.superseded_by)
    return None


def _expected_kinds(document: Document) -> dict[int, tuple[str, type[Item]]]:
    """Which references come from a typed front-matter key, keyed by identity."""
    expected: dict[int, tuple[str, type[Item]]] = {}
    for key, kind in _EXPECTED_KIND.items():
        value = getattr(document, key, None)
        for reference in value if isinstance(value, list) else [value]:
            if isinstance(reference, Reference):
                expected[id(reference)] = (key, kind)
    return expected


def _check_one(
    document: Document,
    reference: Reference,
    expected: tuple[str, type[Item]] | None,
    index: ReferenceIndex,
    as_of: date,
    public: bool,
) -> Iterator[Diagnostic]:
    """What is wrong with one reference of `document` (which is `public` or not)."""
    rel, line = document.rel, reference.line
    if not reference.target.strip():
        yield error(rel, line, f"'{excerpt(reference.written)}' names no id",
                    "put the id of what you mean between [[ and ]], e.g. [[safer-sleep]]")
        return
    target = index.resolve(reference)
    if target is None:
        hint = _suggestion(reference.target, expected[1] if expected else None, index) or (
            "check the spelling: an id is the file name without .md")
        yield error(rel, line, f"unknown id '{reference.target}'", hint)
        return
    if expected and not isinstance(target, expected[1]) and target.id not in index.duplicated:
        key, kind = expected
        yield error(rel, line, f"'{key}' lists '{target.id}', which is "
                    f"{with_article(target.kind)}, not {with_article(kind.kind)}")
        return
    if expected == ("superseded_by", Guidance) and isinstance(document, Guidance):
        chain = _chain_back_to(document, target, index)
        if chain:
            steps = ", which is superseded by ".join(f"'{step}'" for step in chain[1:])
            yield error(rel, line, f"'superseded_by' makes a loop: '{chain[0]}' is superseded "
                        f"by {steps}",
                        "name the guidance that replaces this one, which is newer")
            return
    if reference.section and target.section_label(reference.section) is None:
        labels = {h.anchor: h.text for h in target.headings} | getattr(target, "sections", {})
        listed = f"its sections are: {', '.join(labels)}" if labels else "it has no sections"
        hint = near_miss(reference.section, labels) or listed
        yield error(rel, line, f"'{target.id}' has no section '{reference.section}'", hint)
    if (
        isinstance(target, Guidance)
        and target.superseded_by
        and not (isinstance(document, Guidance) and expected is None)
        and expected != ("superseded_by", Guidance)
    ):
        successor = index.resolve(target.superseded_by)
        name = successor.id if successor else target.superseded_by.target
        newest = _newest(target, index)
        current = newest.id if newest else name
        later = f", itself replaced: the current version is '{current}'" if current != name else ""
        yield warning(rel, line, f"'{target.id}' is superseded by '{name}'{later}",
                      f"cite '{current}' unless you mean the older version")
    if public and target.usable and not is_public(target, as_of):  # unusable: reported itself
        yield warning(rel, line,
                      f"'{target.id}' is {unpublished_why(target, as_of)}; the public site "
                      "will not link to it or show its title",
                      "publish both together, or embargo this item too")
