"""Read a Markdown source: its front matter (with the line of every key) and its body.

Nothing here knows what a briefing is; it only turns bytes into located values, and
turns every way a file can be unreadable into a diagnostic rather than an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, error, excerpt

try:  # libyaml is several times faster; fall back to the pure-Python loader
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader  # type: ignore[misc]


class _FrontMatterLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text, so we can report bad ones with their line."""


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int | str:
    """Whole numbers as YAML reads them, except base 60 (`1:20:30`) and very long ones,
    kept as text: building those takes time that grows with the square of their length."""
    text = loader.construct_scalar(node)
    if ":" in text or "_" in text or len(text) > 30:  # `1_4` is no one's way to write 14
        return text
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

#: Front matter is a few keys. These limits refuse, before any value is built, YAML that
#: would take long to read: a briefing needs a depth of 2 and some tens of values.
MAX_DEPTH = 20
MAX_VALUES = 10_000
#: Shorter YAML is composed without the streaming guard: it cannot hold enough values to
#: be slow, and libyaml refuses nesting deeper than 1,000 before composing recurses.
GUARDED_FROM = 4_000


@dataclass
class Field:
    """A front-matter value with where it was written."""

    name: str
    value: Any
    line: int
    #: For a list, the line of each entry; for a mapping, the line of each key.
    item_lines: list[int] = field(default_factory=list)
    #: Deeper down (a recommendation's keys, their lists): the line of each entry and
    #: key, by its path of indexes and keys, e.g. (0, "agencies", 1).
    nested_lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line

    def line_at(self, *path: Any) -> int:
        """The line of the entry or key at `path`, or of the nearest one above it."""
        for end in range(len(path), 1, -1):
            found = self.nested_lines.get(path[:end])
            if found is not None:
                return found
        return self.line_of(path[0]) if path and isinstance(path[0], int) else self.line


@dataclass
class Source:
    """One Markdown file, split into located front matter and body."""

    path: Path
    rel: str
    #: The text before the body: the front matter and its fences (or nothing).
    head: str
    front_matter: dict[str, Field]
    has_front_matter: bool
    body: str
    body_line: int  # line number (1-based) of the first body line
    #: False when the front matter is there but could not be read (invalid YAML): the
    #: body is still checked, so that one round reports every problem.
    front_matter_read: bool = True

    @property
    def text(self) -> str:
        """The whole file. Made when asked (by the checks that read all of it), rather
        than kept beside the body: a site of 20,000 items kept 240 MB twice."""
        return self.head + self.body

    @cached_property
    def real_path(self) -> Path:
        """The path with links resolved: asked on every rebuild of a live preview, where
        an unchanged file keeps its Source."""
        return self.path.resolve()

    def field_line(self, name: str) -> int:
        found = self.front_matter.get(name)
        return found.line if found else 1


_FENCE = ("---", "---\n", "---\r\n")


def read_source(path: Path, rel: str) -> tuple[Source | None, list[Diagnostic]]:
    """Read `path`; on failure return no source and the diagnostics saying why."""
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    return parse_source(path, rel, text)


def read_text(path: Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """A file's text as MkDocs reads it (lines ended by CR, CRLF or LF all end in LF), or
    None and why it cannot be read (missing, not UTF-8)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(rel, 1, f"cannot read the file: {exc.strerror}")]
    try:
        return universal_newlines(raw.decode("utf-8-sig")), []
    except UnicodeDecodeError as exc:
        line = universal_newlines(raw[: exc.start].decode("latin-1")).count("\n") + 1
        return None, [
            error(
                rel,
                line,
                "the file is not UTF-8 text",
                "save it as UTF-8: in most editors, Save As and choose UTF-8",
            )
        ]


def universal_newlines(text: str) -> str:
    """`text` with CRLF and a lone CR as LF: MkDocs opens files with Python's universal
    newlines, so a file whose lines end in CR alone has lines, and front matter, there."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def parse_source(path: Path, rel: str, text: str) -> tuple[Source | None, list[Diagnostic]]:
    """Split `text` (read by `read_text`) into front matter and body as MkDocs does."""
    first_end = text.find("\n")
    first_line = text if first_end == -1 else text[:first_end]
    if first_line.rstrip(" \t") != "---":  # as MkDocs' pattern: spaces and tabs only
        return Source(path, rel, "", {}, False, text, 1), _settings_line(text, rel)
    closing = _CLOSING.search(text, first_end + 1) if first_end != -1 else None
    if closing is None:
        return None, [
            error(
                rel,
                1,
                "the front matter is not closed",
                "add a line containing only --- after the last front-matter key",
            )
        ]
    yaml_text = text[first_end + 1 : closing.start()]
    front_matter, problems = _parse_front_matter(yaml_text, rel, first_line=2)
    body_start = text.find("\n", closing.end())
    if body_start == -1:  # MkDocs' pattern wants the line break: it read no front matter
        problems = [*problems, error(
            rel, text.count("\n", 0, closing.start()) + 1,
            "the front matter's closing --- is the last line and has no line break after "
            "it: MkDocs would show the front matter as the page's text",
            "press Enter after the closing --- and save")]
    split = len(text) if body_start == -1 else body_start + 1
    head, body = text[:split], text[split:]
    body_line = text.count("\n", 0, closing.start()) + 2
    return Source(path, rel, head, front_matter or {}, True, body, body_line,
                  front_matter_read=front_matter is not None), problems


#: How MkDocs (mkdocs.utils.meta.get_data) recognises a MultiMarkdown setting, `Key: value`,
#: on a file's first line when it has no --- front matter.
_SETTING_LINE = re.compile(r"[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)")


def _settings_line(text: str, rel: str) -> list[Diagnostic]:
    """An error if MkDocs would read the first line of `text` (which has no --- front
    matter) as a setting: `Template: redirect.html` chose the page's template, and a first
    line such as `Note: remember...` is dropped from the page."""
    first = text.split("\n", 1)[0]
    found = _SETTING_LINE.match(first)
    if found is None:
        return []
    return [error(
        rel, 1, f"MkDocs reads the first line '{excerpt(first.strip())}' as a setting "
        f"('{excerpt(found[1])}'), not as text: it would be left out of the page",
        "put settings in front matter between two --- lines; for text, start the file "
        "with a blank line or a heading")]


def _parse_front_matter(
    yaml_text: str, rel: str, first_line: int
) -> tuple[dict[str, Field] | None, list[Diagnostic]]:
    if not yaml_text.strip():
        return {}, []
    try:
        if len(yaml_text) >= GUARDED_FROM:
            problem = _Shape.of(yaml_text).problem
            if problem:
                line, message, hint = problem
                return None, [error(rel, first_line + line, message, hint)]
        loader = _FrontMatterLoader(yaml_text)
        try:
            node = loader.get_single_node()
            if node is None:
                return {}, []
            problem = _graph_problem(node, yaml_text)
            if problem:
                line, message, hint = problem
                return None, [error(rel, first_line + line, message, hint)]
            if not isinstance(node, yaml.MappingNode):
                return None, [
                    error(
                        rel,
                        first_line + node.start_mark.line,
                        "the front matter must be a list of 'key: value' lines",
                    )
                ]
            return _fields(loader, node, rel, first_line)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        # Where an unclosed [, { or quote began is where the author's mistake is; for the
        # rest (a key indented wrongly, a tab) it is where YAML stumbled, not where the
        # mapping around it started.
        unclosed = exc.context and ("flow" in exc.context or "quoted" in exc.context)
        mark = (exc.context_mark if unclosed else exc.problem_mark) or exc.context_mark \
            or exc.problem_mark
        line = first_line + (mark.line if mark else 0)
        if not unclosed and mark is not None:  # a quote left open runs on to a later one
            opened = _open_quote_before(yaml_text, mark.line)
            line = first_line + opened if opened is not None else line
        problem = exc.problem or "invalid YAML"
        if "maximum nesting depth" in problem:  # libyaml's own limit, as a plain message
            return None, [error(rel, line, *_TOO_DEEP)]
        return None, [
            error(
                rel,
                line,
                f"the front matter is not valid YAML: {problem}",
                "check indentation, and put text containing ': ' or '#' in quotes",
            )
        ]
    except RecursionError:  # only the pure-Python composer recurses this deep
        return None, [error(rel, first_line, *_TOO_DEEP)]
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        return None, [
            error(rel, first_line, f"the front matter is not valid YAML: {excerpt(str(exc))}")
        ]


Problem = tuple[int, str, str]  # line (0-based, in the YAML), message, hint

_QUOTED_VALUE = re.compile(r"""^[ \t]*(?:-[ \t]+)?[^\s:#'"][^:#]*:[ \t]+(["'])""")


def _open_quote_before(yaml_text: str, stumbled: int) -> int | None:
    """The line (0-based) of the last `key: "value` before line `stumbled` whose quote is
    not closed on its line: YAML read on to the next quote, and stumbled later."""
    lines = yaml_text.split("\n")[:stumbled]
    for number in range(len(lines) - 1, -1, -1):
        found = _QUOTED_VALUE.match(lines[number])
        if found is None:
            continue
        rest = lines[number][found.end():]
        quote = found[1]
        closes = rest.replace("\\" + quote, "").count(quote) if quote == '"' else \
            rest.replace("''", "").count(quote)
        return number if closes % 2 == 0 else None
    return None

_ALIAS: tuple[str, str] = (
    "YAML anchors and aliases (&name, *name) are not allowed in front matter",
    "write each value out in full",
)
_TOO_DEEP: tuple[str, str] = (
    "the front matter is nested too deeply",
    "front matter holds 'key: value' lines and simple lists; put the rest in the body",
)


@dataclass
class _Shape:
    """What one streaming pass over the YAML events says, before anything is composed.

    A guard, not the rule: it stops at once on nesting or size that composing would pay
    for (the composer recurses, and takes microseconds per value). It also tells where
    the first alias is written, for the message of the rule in `_graph_problem`.
    """

    problem: Problem | None = None
    first_alias_line: int | None = None

    @classmethod
    def of(cls, yaml_text: str) -> _Shape:
        shape = cls()
        loader = _FrontMatterLoader(yaml_text)
        try:
            depth = values = 0
            while (event := loader.get_event()) is not None:
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        shape.problem = (event.start_mark.line, *_TOO_DEEP)
                        break
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
                elif isinstance(event, yaml.AliasEvent) and shape.first_alias_line is None:
                    shape.first_alias_line = event.start_mark.line
                if isinstance(event, yaml.NodeEvent):
                    values += 1
                    if values > MAX_VALUES:
                        shape.problem = (event.start_mark.line,
                                         f"the front matter has more than {MAX_VALUES:,} values",
                                         "front matter holds a few keys; put the rest in "
                                         "the body")
                        break
        finally:
            loader.dispose()
        return shape


def _graph_problem(root: yaml.Node, yaml_text: str) -> Problem | None:
    """The rule: no node is reached twice (an alias) and none is nested too deeply.

    Composing made each alias the very node its anchor names, so a reused node is an
    alias; walking iteratively, each node once, costs time linear in the YAML text
    however many times the aliases would repeat it.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:  # the node an anchor names: say where the alias is written
            line = _Shape.of(yaml_text).first_alias_line
            return (node.start_mark.line if line is None else line, *_ALIAS)
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            continue
        if depth > MAX_DEPTH:
            return (node.start_mark.line, *_TOO_DEEP)
        stack.extend((child, depth + 1) for child in reversed(children))
    return None


def _fields(
    loader: Any, node: yaml.MappingNode, rel: str, first_line: int
) -> tuple[dict[str, Field], list[Diagnostic]]:
    fields: dict[str, Field] = {}
    problems: list[Diagnostic] = []
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            written = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key)
            message = f"front-matter key '{excerpt(written or '')}' is not a name"
            problems.append(error(rel, line, message))
            continue
        if key in fields:
            problems.append(
                error(
                    rel,
                    line,
                    f"'{excerpt(key)}' is given twice in the front matter",
                    f"keep one; the first is on line {fields[key].line}",
                )
            )
            continue
        value = loader.construct_object(value_node, deep=True)
        if isinstance(value_node, yaml.SequenceNode):
            item_lines = [first_line + item.start_mark.line for item in value_node.value]
        elif isinstance(value_node, yaml.MappingNode):
            item_lines = [first_line + k.start_mark.line for k, _ in value_node.value]
        else:
            item_lines = []
        fields[key] = Field(key, value, line, item_lines, _nested_lines(value_node, first_line))
        problems += [error(rel, first_line + again.start_mark.line,
                           f"'{excerpt(again.value)}' is given twice in '{excerpt(key)}'",
                           f"keep one; the first is on line {first_line + first.start_mark.line}")
                     for first, again in _repeated_keys(value_node, top=key != "values")]
    return fields, problems


def _repeated_keys(node: yaml.Node, top: bool) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    """(first, again) for each key written twice in a mapping within `node` (YAML keeps
    the last silently: a recommendation's second `status:` would replace its first), and
    in `node` itself if `top` (a measure's `values` says which quarter is given twice)."""
    stack = [(node, top)]
    while stack:
        current, judged = stack.pop()
        if isinstance(current, yaml.MappingNode):
            if judged:
                seen: dict[str, yaml.Node] = {}
                for key, _ in current.value:
                    if isinstance(key, yaml.ScalarNode):
                        if key.value in seen:
                            yield seen[key.value], key
                        else:
                            seen[key.value] = key
            stack += [(child, True) for _, child in reversed(current.value)]
        elif isinstance(current, yaml.SequenceNode):
            stack += [(child, True) for child in reversed(current.value)]


def _nested_lines(node: yaml.Node, first_line: int) -> dict[tuple[Any, ...], int]:
    """The lines of entries and keys below a value's own entries (see Field)."""
    found: dict[tuple[Any, ...], int] = {}
    stack: list[tuple[tuple[Any, ...], yaml.Node]] = []
    if isinstance(node, yaml.SequenceNode) and all(
            isinstance(child, yaml.ScalarNode) for child in node.value):
        return _NO_LINES  # the usual list (`themes: [a, b]`): its own lines say it all
    if isinstance(node, yaml.SequenceNode):
        stack = [((index,), child) for index, child in enumerate(node.value)]
    elif isinstance(node, yaml.MappingNode):
        stack = [((key.value,), child) for key, child in node.value]
    while stack:
        path, child = stack.pop()
        if len(path) > MAX_DEPTH:
            continue
        if isinstance(child, yaml.SequenceNode):
            for index, entry in enumerate(child.value):
                found[path + (index,)] = first_line + entry.start_mark.line
                stack.append((path + (index,), entry))
        elif isinstance(child, yaml.MappingNode):
            for key, entry in child.value:
                found[path + (key.value,)] = first_line + key.start_mark.line
                stack.append((path + (key.value,), entry))
    return found or _NO_LINES


#: Shared by the many values with nothing below their entries (never changed).
_NO_LINES: dict[tuple[Any, ...], int] = {}


def read_yaml_file(path: Path, rel: str) -> tuple[dict[str, Field] | None, list[Diagnostic]]:
    """Read a YAML file of 'key: value' lines (a measure), located as front matter is.

    On failure return no fields and the diagnostics saying why; an empty file has no keys,
    and a file that is not 'key: value' lines (a list, a lone value) is an error.
    """
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    return _parse_front_matter(text, rel, first_line=1)
