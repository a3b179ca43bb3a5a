"""Did-you-mean for ids and sections: only a near miss that cannot be another subject.

`child-b-2020` is not a misspelling of `child-c-2020`: it may be another child's review.
Likewise `chapter-9` is not `chapter-6`, and `working-together-2018` is not
`working-together-2015`. An id is suggested only when the words differ by a typing slip:
two characters swapped (`2051` for `2015`), or a slip in a word that is not a letter, a
number or a name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

_NUMBER = re.compile(r"\d+")


def near_miss(word: str, candidates: Mapping[str, str]) -> str:
    """"did you mean 'x'?" for the closest candidate id that is a safe suggestion, or "".

    `candidates` maps each id to the words that name it (its title, subject or label):
    a word of an id that is capitalised there, past its first word, is a name.
    """
    for close in difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.75):
        if _only_a_slip(word, close, _names(candidates[close])):
            return f"did you mean '{close}'?"
    return ""


def _only_a_slip(word: str, candidate: str, names: set[str]) -> bool:
    written, meant = word.split("-"), candidate.split("-")
    if len(written) != len(meant):
        extra = set(written) ^ set(meant)
        return not any(_distinguishes(token, names) for token in extra)
    for ours, theirs in zip(written, meant, strict=True):
        if ours == theirs or sorted(ours) == sorted(theirs):  # same, or two keys swapped
            continue
        if _distinguishes(ours, names) or _distinguishes(theirs, names):
            return False
    return True


def _distinguishes(token: str, names: set[str]) -> bool:
    """A token whose change names something else: a number, a letter, initials, a name."""
    return bool(_NUMBER.search(token)) or len(token) <= 2 or token in names


def _names(label: str) -> set[str]:
    """Capitalised words after the first: 'Family Smith: neglect' -> {'smith'}."""
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", label)
    return {w.lower() for w in words[1:] if w[0].isupper()}
