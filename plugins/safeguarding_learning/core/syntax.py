"""The cross-reference syntax, `[[id#section|text]]`: one definition for every reader."""

from __future__ import annotations


def parse_cross_reference(inside: str) -> tuple[str, str | None, str | None] | None:
    """`id # section | text` (what stands between `[[` and `]]`) -> (id, section, text).

    Spaces around each part are trimmed; a missing section or text is None. A missing id
    (`[[]]`, `[[#part]]`) or one of only spaces is kept (as "" or one space), so that it
    is reported rather than ignored.
    """
    head, _, text = inside.partition("|")
    written_id, _, section = head.partition("#")
    target = written_id.strip(" \t") or written_id[-1:]
    return target, section.strip(" \t") or None, text.strip(" \t") or None
