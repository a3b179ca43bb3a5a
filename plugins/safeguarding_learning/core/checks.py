"""Checks of one document's content. Each is a small function yielding diagnostics.

To add a check: write a function `(document, context) -> Iterator[Diagnostic]` and
list it in DOCUMENT_CHECKS. Reference checks, which need every item, are in `validate.py`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .author_html import html_findings
from .diagnostics import Diagnostic, error, excerpt, warning
from .files import MARKDOWN_SUFFIXES
from .html_policy import RESERVED_ID
from .markdown_text import LineIndex
from .model import Briefing, Document, LearningItem, Page, Review
from .personal_data import (
    cannot_hold_personal_data,
    comparable,
    find_personal_data,
    normalise_allowlist,
    personal_data_error,
    personal_data_errors,
)
from .project import Project
from .references import MAX_REFERENCES
from .sources import Field
from .templates import PLACEHOLDER, SUMMARY_PLACEHOLDER


@dataclass
class CheckContext:
    project: Project
    allowlist: set[str]

    @classmethod
    def for_project(cls, project: Project) -> CheckContext:
        allowlist = normalise_allowlist(project.settings.personal_data_allowlist)
        return cls(project, allowlist)


@dataclass
class Text:
    """A document's text, prepared once for all checks."""

    document: Document
    prose: str  # body with code blanked
    lines: LineIndex


Check = Callable[[Text, CheckContext], Iterator[Diagnostic]]

def check_unsafe_html(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    """Anything the HTML allowlist would remove from the page: scripts, handlers, forms,
    styles, frames, remote pictures, addresses other than web, email and phone ones."""
    rel = text.document.rel
    for offset, finding in html_findings(text.prose):
        yield error(rel, text.lines.line(offset), finding.message, finding.hint)


def check_personal_data(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    """The whole file is read, code and front matter too: all of it can reach the page."""
    source = text.document.source
    yield from personal_data_errors(source.text, source.rel, context.allowlist)
    yield from personal_data_in_yaml_values(source.front_matter, source.head, source.rel,
                                            context.allowlist)


def personal_data_in_yaml_values(fields: dict[str, Field], written: str, rel: str,
                                 allowlist: set[str]) -> Iterator[Diagnostic]:
    """Personal data in YAML `fields` as pages show them, each at its key's line: YAML
    reads escapes (`jo\\x40example.com`) and makes one line of a value folded over a blank
    line (`07700` blank line `900123`), which the text as `written` keeps apart. What
    `written` shows was reported already, at its own line."""
    reported: set[str] | None = None
    for found in fields.values():
        for value in _strings(found.value):
            if cannot_hold_personal_data(value):  # most values: one search, in C
                continue
            for finding in find_personal_data(value, allowlist):
                if reported is None:  # rarely needed: worked out when it is
                    reported = {comparable(seen.text)
                                for seen in find_personal_data(written, allowlist)}
                if comparable(finding.text) not in reported:
                    yield personal_data_error(rel, found.line, finding)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


#: A heading whose anchor may be one the site keeps (RESERVED_ID): only then are the
#: headings read, as most checks never need them.
#: (Letters spelt out in both cases: an anchored, case-folding pattern took 0.4 s at
#: 5,000 items, this one 0.05 s.)
_MAYBE_RESERVED_HEADING = re.compile(
    r"#[ \t]+(?:[sS][lL]\W*[a-zA-Z]|_|[pP][aA][gG][eE][fF][iI][nN][dD])")


def check_heading_anchors(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    """A heading whose address the site keeps for itself loses it on the page, and the
    page's "On this page" link to it leads nowhere."""
    document = text.document
    if not _MAYBE_RESERVED_HEADING.search(text.prose):
        return
    for heading in document.headings:
        if RESERVED_ID.match(heading.anchor):
            yield warning(document.rel, heading.line,
                          f"the heading '{excerpt(heading.text)}' would have the address "
                          f"#{heading.anchor}, which the site keeps for its own use: links "
                          "to it would lead nowhere", "reword the start of the heading")


#: Front-matter keys of a hand-written page that the theme writes into it as text.
PAGE_TEXT_KEYS = ("title", "description", "subtitle")


def check_page_front_matter(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    """A hand-written page's title and description are text (a list or a mapping there
    would reach the page as whatever Python prints for it), its `template` and `icon`
    exist and `hide` is a list (the theme stopped the build on either), and it is not
    marked a draft (a page is always published)."""
    document = text.document
    if not isinstance(document, Page):
        return
    template = document.source.front_matter.get("template")
    if template is not None and not _usable_template(template.value, context.project):
        yield error(document.rel, template.line,
                    f"template '{excerpt(str(template.value))}' cannot be used: a page may "
                    "name main.html or a template of the site's own custom_dir",
                    "remove the line to use the usual page template")
    yield from _held_back(document, context)
    status = document.source.front_matter.get("status")
    if status is not None and str(status.value).strip().lower() in _HELD_BACK:
        yield error(document.rel, status.line, f"a hand-written page is always published: "
                    f"'status: {excerpt(str(status.value))}' does not hold it back",
                    "keep the file out of the site project until it is ready, or remove "
                    "the line")
    hide = document.source.front_matter.get("hide")
    if hide is not None and not (isinstance(hide.value, list)
                                 and all(isinstance(part, str) for part in hide.value)):
        yield error(document.rel, hide.line, "'hide' must be a list of what to hide",
                    "e.g. hide: [navigation, toc]")
    icon = document.source.front_matter.get("icon")
    folders = context.project.template_dirs
    if icon is not None and folders and not (
            isinstance(icon.value, str) and "." not in icon.value and any(
                (folder / ".icons" / f"{icon.value}.svg").is_file() for folder in folders)):
        yield error(document.rel, icon.line, f"icon '{excerpt(str(icon.value))}' does not "
                    "exist", "name one of the theme's icons, e.g. material/information, or "
                    "remove the line")
    for key in PAGE_TEXT_KEYS:
        found = document.source.front_matter.get(key)
        if found is not None and isinstance(found.value, (list, dict)):
            shape = "a list" if isinstance(found.value, list) else "a set of 'key: value' lines"
            yield error(document.rel, found.line, f"'{key}' must be plain text, not {shape}",
                        "write it as text on one line, in quotes if it starts with [ or {")


#: The theme's page template: the others (Material's redirect.html, blog-post.html) read
#: settings of their own from a page (`location:` sent readers anywhere) or stop the build.
PAGE_TEMPLATE = "main.html"


def _usable_template(name: object, project: Project) -> bool:
    """Whether a page's `template:` names main.html or a file of the site's custom_dir."""
    if name == PAGE_TEMPLATE:
        return True
    if not isinstance(name, str) or project.custom_dir is None or "\\" in name \
            or any(part in ("", ".", "..") for part in name.split("/")):
        return False
    return (project.custom_dir / name).is_file()


#: Front-matter keys that would hold an item back; a page has none of them.
_ITEM_ONLY = re.compile(r"^(?:draft|embargo\w*)$", re.IGNORECASE)


def _held_back(document: Page, context: CheckContext) -> Iterator[Diagnostic]:
    """`draft: true` or `embargo:` on a page, which is always published: an author who
    expected it to be hidden would publish it."""
    settings = context.project.settings
    for key, found in document.source.front_matter.items():
        if _ITEM_ONLY.match(key) and found.value not in (False, None):
            written = f"{key}: {found.value}" if not isinstance(found.value, (list, dict)) \
                else key
            yield error(document.rel, found.line, "a hand-written page is always published: "
                        f"'{excerpt(written)}' does not hold it back",
                        "only briefings and reviews can be drafts or embargoed: move it to "
                        f"{settings.briefings_dir}/ or {settings.reviews_dir}/ as one, or "
                        "remove the page until it is ready")


def check_links(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    """Relative Markdown links and images must point at a file that exists."""
    source = text.document.source
    for link in text.document.links:
        target, path = link.target, link.path
        resolved = (source.path.parent / path).resolve()
        if resolved.exists():
            if not _inside(resolved, context.project.root):
                yield error(source.rel, text.lines.line(link.start),
                            f"link to '{target}' points outside the site project")
            elif _is_empty_file(resolved):
                yield error(source.rel, text.lines.line(link.start),
                            f"'{target}' is an empty file (0 bytes)",
                            "save the finished file again, or remove the link")
            elif _left_out_by_mkdocs(resolved, context.project.docs_dir):
                yield error(source.rel, text.lines.line(link.start),
                            f"link to '{target}': MkDocs does not publish files whose name "
                            "starts with '.', or in the top folder 'templates', so the link "
                            "would be broken", "move the file to another folder")
            continue
        # A link to a folder-style URL of a page, e.g. 'audit/', is fine if audit.md exists.
        if path.endswith("/") and resolved.with_suffix(".md").exists():
            continue
        yield error(source.rel, text.lines.line(link.start),
                    f"broken link: '{target}' does not exist",
                    "check the spelling; for briefings, reviews and guidance use [[id]]")


def check_references_in_markup(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    """A cross-reference becomes a link: inside an HTML tag's attribute it ends the
    attribute early (what followed was read as markup), and inside a Markdown link's text
    or title, or a picture's text, it cannot be a link."""
    prose = text.prose
    if "[[" not in prose:
        return
    rel = text.document.rel
    for tag in _TAG.finditer(prose):
        if "[[" in tag[0]:
            yield error(rel, text.lines.line(tag.start() + tag[0].index("[[")),
                        "a cross-reference ([[...]]) inside an HTML tag breaks the tag",
                        "write it in the text, outside the tag")
    # Each opener is judged by the text near it, on its line: bounded work, however many.
    for opener in itertools.islice(re.finditer(r"\[\[", prose), MAX_REFERENCES):
        start = opener.start()
        line_start = prose.rfind("\n", max(0, start - _NEAR), start) + 1
        before = prose[max(line_start, start - _NEAR):start]
        close = prose.find("]]", start + 2, start + _NEAR)
        after = prose[close + 2:close + _NEAR].partition("\n")[0] if close != -1 else ""
        in_text = before.rfind("[") > before.rfind("]") and _CLOSES_LINK_TEXT.match(after)
        if in_text or _OPEN_TITLE.search(before):
            yield error(rel, text.lines.line(start), "a cross-reference ([[...]]) inside a "
                        "link or a picture cannot be a link",
                        "write it in the text, beside the link")


#: A start tag, its quoted attribute values whole (`title="a <b> c"`); no name or unquoted
#: value holds `<`, so that each try ends at the next tag.
_TAG = re.compile(r"""<[A-Za-z][^\s/<>]*+(?:\s++[^\s=<>"']++(?:\s*+=\s*+(?:"[^"\n]*+"|"""
                  r"""'[^'\n]*+'|[^\s<>"']*+))?+)*+\s*+/?>""")
_NEAR = 300
#: After a cross-reference: the rest of a link's text, then its address (`...](`).
_CLOSES_LINK_TEXT = re.compile(r"[^\[\]]*+\]\(")
#: Before one: a link's address and a title not yet closed (`](address "title `).
_OPEN_TITLE = re.compile(r"""\]\([^\s)]++\s++(["'])[^"'\n]*+$""")


def check_references_in_headings(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    """A heading's text becomes its address, its entry in the table of contents and in the
    search index, and maybe the page's title: a cross-reference there put its target's id
    in all of them, even when the target is hidden."""
    document = text.document
    if not document.body_references:
        return
    lines = text.prose.split("\n")
    first = document.source.body_line
    for line in sorted({reference.line for reference in document.body_references}):
        if _is_heading_line(lines, line - first):
            yield error(document.rel, line, "a cross-reference ([[...]]) in a heading would "
                        "put its target's id in the page's contents, address and search",
                        "write the heading as words, and put the link in the text below "
                        "the heading")


#: A line Python-Markdown makes a heading (`## x`, `#x`), also in a quote or a list item.
_ATX_HEADING = re.compile(r"[ \t]*(?:>[ \t]*|[*+-][ \t]+|\d+[.)][ \t]+)*#")
#: The line under a heading of `===` or `---` (a setext heading).
_SETEXT_UNDERLINE = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")


def _is_heading_line(lines: list[str], index: int) -> bool:
    """Whether body line `index` is (the text of) a heading: `#` headings, and text with a
    line of `=` or `-` under it that starts its paragraph, as Python-Markdown reads them."""
    if not 0 <= index < len(lines):
        return False
    if _ATX_HEADING.match(lines[index]):
        return True
    starts_paragraph = index == 0 or not lines[index - 1].strip() \
        or bool(_ATX_HEADING.match(lines[index - 1]))
    return (starts_paragraph and index + 1 < len(lines) and bool(lines[index].strip())
            and bool(_SETEXT_UNDERLINE.fullmatch(lines[index + 1])))


def check_root_links(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    """Links written from the web server's root (`/reviews/x/`): the site may be served
    from a sub-path (`/learning/`), where they lead elsewhere, and `check` cannot follow
    them to say whether what they name is there, or public."""
    for start, target in text.document.root_links:
        yield warning(text.document.rel, text.lines.line(start),
                      f"link to '{excerpt(target)}' starts from the web server's root, "
                      "not from this site, which may be served from a sub-path",
                      "link the file it shows instead, e.g. [[id]] or ../reviews/x.md")


def check_seven_minute_sections(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    """A seven-minute briefing has the site's sections as level-2 headings, in order:
    each section missing, and each out of order, is reported."""
    document = text.document
    if not isinstance(document, Briefing) or document.format != "seven-minute":
        return
    expected = list(context.project.settings.seven_minute_sections)
    order = ", ".join(expected)
    level_two = [h for h in document.headings if h.level == 2]
    first: dict[str, int] = {}  # each heading's words, as compared, to where it first is
    for index, heading in enumerate(level_two):
        first.setdefault(_words(heading.text), index)
    # Each expected section's heading (its first), by where it stands among them.
    found = {name: first.get(_words(name)) for name in expected}
    in_order = _longest_in_order([found[name] for name in expected if found[name] is not None])
    last_line = document.source.field_line("format")
    for name in expected:
        index = found[name]
        if index is None:
            yield error(document.rel, last_line,
                        f"seven-minute briefing: section '## {name}' is missing",
                        f"the sections go: {order}")
            continue
        if index not in in_order:
            yield error(document.rel, level_two[index].line,
                        f"seven-minute briefing: '## {name}' is out of order",
                        f"the sections go: {order}")
            continue
        last_line = level_two[index].line


def _longest_in_order(positions: list[int]) -> set[int]:
    """The most positions that already stand in order: the others are the ones moved."""
    best: list[list[int]] = []
    for i, position in enumerate(positions):
        before = [best[j] for j in range(i) if positions[j] < position]
        best.append(max(before, key=len, default=[]) + [position])
    return set(max(best, key=len, default=[]))


def check_report(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    """A review's full report must exist inside the site project."""
    document = text.document
    if not isinstance(document, Review):
        return
    written = document.source.front_matter.get("report")
    if written is None or not isinstance(written.value, str) or not written.value.strip():
        return  # not text, or none: the front matter's own check says so
    resolved = (document.source.path.parent / written.value).resolve()
    if not _inside(resolved, context.project.root):
        yield error(document.rel, written.line,
                    f"report '{written.value}' is outside the site project",
                    "put the report beside the review file and give its file name")
    elif resolved.is_dir():
        yield error(document.rel, written.line,
                    f"report '{written.value}' is a folder, not a file",
                    "give the path of the report file itself, e.g. full-report.pdf")
    elif not resolved.is_file():
        hint = ("a report published elsewhere goes in 'url:'" if "://" in written.value
                else "give the path of the report relative to this file")
        yield error(document.rel, written.line,
                    f"report '{written.value}' does not exist", hint)
    elif resolved.suffix.lower() in MARKDOWN_SUFFIXES:
        yield error(document.rel, written.line,
                    f"report '{written.value}' is a Markdown page, not a document",
                    "give the full report's own file (often a PDF); to point to a page of "
                    "this site, link it from the review's text")
    elif _is_empty_file(resolved):
        yield error(document.rel, written.line,
                    f"report '{written.value}' is an empty file (0 bytes): readers would be "
                    "offered a report with nothing in it",
                    "save the finished report again beside this file")


def check_dates(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    document = text.document
    updated = getattr(document, "updated", None)
    if updated and updated < document.published:  # type: ignore[attr-defined]
        yield error(document.rel, document.source.field_line("updated"),
                    "'updated' is before 'published'", "an update comes after publication")
    if isinstance(document, Review):
        commissioned, completed = document.commissioned, document.completed
        if commissioned and completed and completed < commissioned:
            yield error(document.rel, document.source.field_line("completed"),
                        "'completed' is before 'commissioned'",
                        "a review is completed after it is commissioned")
        if completed and completed > document.published:
            yield error(document.rel, document.source.field_line("completed"),
                        "'completed' is after 'published'",
                        "a review is published once it is completed")
        if document.incident_year and commissioned \
                and document.incident_year > commissioned.year:
            yield error(document.rel, document.source.field_line("incident_year"),
                        "'incident_year' is after the year the review was commissioned")


def check_placeholders(text: Text, context: CheckContext) -> Iterator[Diagnostic]:
    """An item set to be published must not hold the `new` template's text. A draft may:
    that is what drafts are for."""
    document = text.document
    if not isinstance(document, LearningItem) or document.is_draft:
        return
    source = document.source
    file_text = source.text
    whole = LineIndex(file_text, 1)
    start = file_text.find(PLACEHOLDER)
    while start != -1:
        line_end = file_text.find("\n", start)
        quoted = excerpt(file_text[start:line_end if line_end != -1 else None])
        yield error(document.rel, whole.line(start),
                    f"template text left in a {document.kind} set to be published: '{quoted}'",
                    "replace it with your own words and delete any note starting "
                    f"'{PLACEHOLDER}', or set 'status: draft' until it is ready")
        start = file_text.find(PLACEHOLDER, line_end) if line_end != -1 else -1
    example = SUMMARY_PLACEHOLDER.removeprefix(PLACEHOLDER).strip().lower()
    if example in document.summary.lower() and PLACEHOLDER not in document.summary:
        yield error(document.rel, source.field_line("summary"),
                    "the summary is still the template's example",
                    "write one or two sentences about this item")


#: A page's `status` that says it should wait (the theme's own, `new` or `deprecated`,
#: are a label it shows).
_HELD_BACK = frozenset({"draft", "embargoed", "unpublished", "hidden", "private"})


def _words(heading: str) -> str:
    """A heading as sections are compared: case and runs of spaces aside."""
    return " ".join(heading.lower().split())


def _left_out_by_mkdocs(path: Path, docs_dir: Path) -> bool:
    """A file of docs_dir that MkDocs' default exclusions leave out (see files.docs_files)."""
    try:
        parts = path.relative_to(docs_dir.resolve()).parts
    except ValueError:
        return False
    return parts[0] == "templates" or any(part.startswith(".") for part in parts)


def _is_empty_file(path: Path) -> bool:
    return path.is_file() and path.stat().st_size == 0


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root.resolve())
        return True
    except ValueError:
        return False


DOCUMENT_CHECKS: tuple[Check, ...] = (
    check_unsafe_html,
    check_heading_anchors,
    check_personal_data,
    check_page_front_matter,
    check_links,
    check_references_in_markup,
    check_references_in_headings,
    check_root_links,
    check_seven_minute_sections,
    check_report,
    check_dates,
    check_placeholders,
)
