"""Item ids and heading anchors: the two kinds of name a cross-reference uses."""

from __future__ import annotations

import functools
import re

from markdown.extensions.toc import slugify as toc_slugify

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_valid_id(text: str) -> bool:
    return bool(_ID.match(text))


def suggest_id(text: str) -> str:
    """A valid id made from any text: how a file name should have been written."""
    return "-".join(re.findall(r"[a-z0-9]+", slugify(text.replace("_", " ")))) or "item"


@functools.lru_cache(maxsize=8192)  # the same headings recur across thousands of items
def slugify(text: str) -> str:
    """Heading anchor as Python-Markdown's toc extension makes it (its default slugify)."""
    return toc_slugify(text, "-")
