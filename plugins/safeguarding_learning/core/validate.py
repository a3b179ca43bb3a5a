"""Reference checks: they need every item, so they run after all files are read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from .diagnostics import Diagnostic, at_most, error, warning
from .model import Briefing, Document, Guidance, Item, Reference, Review
from .publication import is_public, publication_state
from .references import ReferenceIndex
from .schema import did_you_mean

#: Front-matter keys whose ids must be of one kind.
_EXPECTED_KIND = {"guidance": Guidance, "reviews": Review, "superseded_by": Guidance}


def check_references(
    documents: Iterable[tuple[Document, list[Reference]]], index: ReferenceIndex, as_of: date
) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for document, references in documents:
        expected = _expected_kinds(document)
        found += at_most((problem for reference in references for problem in _check_one(
            document, reference, expected.get(id(reference)), index, as_of)), document.rel)
    return found


def _suggestion(target: str, index: ReferenceIndex) -> str:
    """A did-you-mean for an unknown id, worked out once per id and index."""
    cache = index.__dict__.setdefault("_suggestions", {})
    if target not in cache:
        cache[target] = did_you_mean(target, index.names() + list(index.aliases))
    return cache[target]


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
) -> Iterator[Diagnostic]:
    rel, line = document.rel, reference.line
    target = index.resolve(reference)
    if target is None:
        hint = _suggestion(reference.target, index) or (
            "check the spelling: an id is the file name without .md")
        yield error(rel, line, f"unknown id '{reference.target}'", hint)
        return
    if expected and not isinstance(target, expected[1]):
        key, kind = expected
        yield error(rel, line, f"'{key}' lists '{target.id}', which is a {target.kind}, "
                    f"not a {kind.kind}")
        return
    if reference.section and target.section_label(reference.section) is None:
        choices = list(getattr(target, "sections", {})) + [h.anchor for h in target.headings]
        listed = f"its sections are: {', '.join(choices)}" if choices else "it has no sections"
        hint = did_you_mean(reference.section, choices) or listed
        yield error(rel, line, f"'{target.id}' has no section '{reference.section}'", hint)
    if (
        isinstance(target, Guidance)
        and target.superseded_by
        and not (isinstance(document, Guidance) and expected is None)
        and expected != ("superseded_by", Guidance)
    ):
        successor = index.resolve(target.superseded_by)
        name = successor.id if successor else target.superseded_by.target
        yield warning(rel, line, f"'{target.id}' is superseded by '{name}'",
                      f"cite '{name}' unless you mean the older version")
    if isinstance(document, (Briefing, Review)) and is_public(document, as_of) \
            and not is_public(target, as_of):
        state = publication_state(target, as_of)
        when = f" until {target.published.isoformat()}" if state == "embargoed" else ""
        yield warning(rel, line,
                      f"'{target.id}' is {state}{when}; the public site will not link to it "
                      "or show its title",
                      "publish both together, or embargo this item too")
