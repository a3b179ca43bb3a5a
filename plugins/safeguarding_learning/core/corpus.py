"""Read a whole site project into one model: every item, every page, and who cites whom.

`load_corpus` is the pipeline `check` runs and the plugin builds from:
find files -> read sources -> typed items -> content checks -> reference checks.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from . import files, schema
from .attachment_checks import check_text_attachment
from .checks import DOCUMENT_CHECKS, CheckContext, Text
from .collector import collector_paused
from .diagnostics import MAX_PER_FILE, Diagnostic, at_most, error, excerpt, warning, with_article
from .files import (
    is_text_attachment,
    item_files,
    item_src_uri,
    linkable_files,
    links_leaving_project,
    page_files,
    static_text_files,
)
from .hidden_names import hidden_name_problems, links_into_dashboard
from .ids import is_valid_id, suggest_id
from .markdown_reading import read_references
from .markdown_text import LineIndex, first_heading, prose_view
from .measures import Measure, load_measures
from .model import (
    Document,
    Guidance,
    Item,
    LearningItem,
    Page,
    Reference,
    front_matter_references,
)
from .project import Project
from .publication import is_public, unpublished_why
from .published_files import published_file_problems
from .read_cache import ReadCache, read_through
from .references import MAX_REFERENCES, Citation, ReferenceIndex, alias_key, incoming_references
from .settings_checks import settings_problems
from .sources import Source, read_source
from .suggestions import near_miss
from .validate import check_references


@dataclass
class Corpus:
    project: Project
    items: dict[str, Item]
    pages: list[Page]
    index: ReferenceIndex
    #: Each document with the references it makes.
    references: list[tuple[Document, list[Reference]]]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: The dashboard's measures (dashboard/*.yml), each checked.
    measures: list[Measure] = field(default_factory=list)

    @cached_property
    def incoming(self) -> dict[str, list[Citation]]:
        """item id -> who refers to it (filter with is_public before showing). Worked out
        when a page first shows it, so that `check` does not: 0.2 s at 5,000 items."""
        return incoming_references(self.references, self.index)

    def of_kind(self, kind: type[Item]) -> list[Item]:
        return [item for item in self.items.values() if isinstance(item, kind)]

    def public(self, kind: type[Item], as_of: date) -> list[Item]:
        """Public items of a kind, newest first (ties by title, for stable output)."""
        return sorted((i for i in self.of_kind(kind) if is_public(i, as_of)), key=newest_first)

    def blocking_errors(self, as_of: date, preview: bool = False) -> list[Diagnostic]:
        """The errors that stop a build. A public build leaves out drafts and embargoed
        items anyway, so errors in their files stop only them; a preview shows them, so
        every error stops it."""
        errors = [d for d in self.diagnostics if d.is_error]
        if preview:
            return errors
        held = self.unpublished_files(as_of)
        return [d for d in errors if d.path not in held]

    def embargoed_with_errors(self, as_of: date) -> list[Item]:
        """Embargoed items whose files have errors: on their date, those stop the build."""
        failing = {d.path for d in self.diagnostics if d.is_error}
        return [item for item in self.items.values()
                if item.rel in failing and item.will_not_publish(as_of) and not item.is_draft]

    def unpublished_files(self, as_of: date) -> set[str]:
        """Files (as diagnostics name them) that a public build made on `as_of` leaves out:
        items that are clearly drafts or embargoed, and the files only they bring (under
        each name docs_dir gives one)."""
        held = withheld_files(self.items, self.pages, as_of, self.project)
        names = {item.rel if path == item.source.real_path else self.project.relative(path)
                 for path, item in held.items()}
        if held:  # a page of docs_dir is published whatever it leads to: not those
            for real, paths in files.docs_files_by_real_path(self.project).items():
                if real in held and real.suffix.lower() not in files.MARKDOWN_SUFFIXES:
                    names.update(self.project.relative(path) for path in paths)
        return names

    def documents(self) -> Iterator[Document]:
        yield from self.items.values()
        yield from self.pages


def withheld_files(items: dict[str, Item], pages: list[Page], as_of: date,
                   project: Project) -> dict[Path, Item]:
    """The files (resolved) a public build made on `as_of` leaves out, each with the item
    it belongs to: items that are clearly drafts or embargoed, and the files only they
    bring."""
    held, published = _unpublished_and_published_files(items, pages, as_of, project)
    return {path: item for path, item in held.items() if path not in published}


def _unpublished_and_published_files(items: dict[str, Item], pages: list[Page], as_of: date,
                                     project: Project) -> tuple[dict[Path, Item], set[Path]]:
    """The files (resolved) of items clearly drafts or embargoed as of `as_of`, each with
    its item (with the files of docs_dir only they name); and the files published all the
    same: those of the other items, and those of docs_dir, the dashboard and mkdocs.yml
    that a public build does not take out. A file may be in both."""
    held: dict[Path, Item] = {}
    published: set[Path] = set()
    hidden: list[Item] = []
    shown: list[Document] = list(pages)
    for item in items.values():
        own = [item.source.real_path] + [path.resolve() for path, _ in files.attachments(item)]
        if item.will_not_publish(as_of):
            hidden.append(item)
            for path in own:
                held.setdefault(path, item)
        else:
            shown.append(item)
            published.update(own)
    taken_out = files.docs_files_withheld(hidden, shown, project)
    for path, item in taken_out.items():
        held.setdefault(path, item)
    if held:  # a hidden item's report or link never excuses a file published anyway
        sources = {item.source.real_path for item in hidden}
        published |= files.published_anyway(project) - taken_out.keys() - sources
    return held, published


def newest_first(document: Document) -> tuple:
    """Sort key: newest first, then by title; pages (no date) last."""
    published = getattr(document, "published", None)
    return (-(published.toordinal() if published else 0), document.title.lower(),
            getattr(document, "id", ""))




def load_corpus(project: Project, as_of: date, cache: ReadCache | None = None) -> Corpus:
    """Read and check the whole project. With a `cache` (a live preview's, or one `check`
    filled from its store), files that did not change since they were read are not read
    again."""
    with collector_paused(), files.walking_docs_once():
        return _load_corpus(project, as_of, cache)


def _load_corpus(project: Project, as_of: date, cache: ReadCache | None) -> Corpus:
    diagnostics: list[Diagnostic] = []
    items: dict[str, Item] = {}
    duplicated: set[str] = set()
    documents: list[Document] = []
    files = item_files(project)
    pages_found = page_files(project)
    if cache is not None:
        cache.start([path for _, path in files] + pages_found, linkable_files(project))

    for item, document, problems in _read_all(project, files, cache):
        diagnostics += problems
        if document is not None:
            documents.append(document)
        if item is None:
            continue
        if item.id in items:
            first = items[item.id]
            for one, other in ((item, first), (first, item)):  # either may be the newer
                diagnostics.append(error(one.rel, 1, f"id '{item.id}' is also the id of "
                                         f"{other.rel}", "ids must be unique across briefings, "
                                         "reviews, audits and guidance; rename one of the files"))
            duplicated.add(item.id)
            continue
        items[item.id] = item

    pages = []
    context = CheckContext.for_project(project)
    for path in pages_found:
        def read(path: Path = path) -> tuple[Page | None, list[Diagnostic]]:
            source, problems = read_source(path, project.relative(path))
            if source is None:
                return None, problems
            page, text = _build_page(source, project)
            return page, problems + _run_checks(text, context)

        page, problems = read_through(cache, path, read)
        diagnostics += problems
        if page is not None:
            pages.append(page)
            documents.append(page)

    diagnostics += settings_problems(project)
    diagnostics += _file_problems(project, items, pages, context)
    diagnostics += _alias_problems(items)
    measures, problems = load_measures(project, cache)
    diagnostics += problems + _future_quarters(project, measures, as_of)
    index = ReferenceIndex(items, duplicated=frozenset(duplicated))
    references = [(document, _all_references(document)) for document in documents]
    diagnostics += check_references(references, index, as_of)
    diagnostics += _link_anchor_problems(documents)
    diagnostics += _links_to_unpublished(documents, items, pages, as_of, project)
    diagnostics += links_into_dashboard(project, documents)
    diagnostics += hidden_name_problems(project, items, [*pages, *(
        item for item in items.values() if not item.will_not_publish(as_of))], as_of)
    diagnostics += _dates_after(items, as_of)
    return Corpus(project, items, pages, index, references, diagnostics, measures)


#: Names an item cannot take: its page would replace a page the site makes.
RESERVED_IDS = frozenset({"index"})


def _file_problems(project: Project, items: dict[str, Item], pages: list[Page],
                   context: CheckContext) -> list[Diagnostic]:
    """Problems of files rather than of one document's text: clashing addresses, text
    attachments, and links that would publish files from outside the project."""
    found: list[Diagnostic] = []
    for item in items.values():
        if item.id in RESERVED_IDS:
            found.append(error(item.rel, 1, f"{with_article(item.kind)} cannot be called "
                               f"'{item.id}': its page would replace the list of {item.plural}",
                               "rename the file, e.g. to what the item is about"))
    item_pages = {item_src_uri(item): item for item in items.values()
                  if not isinstance(item, Guidance)}
    old_addresses = {f"{item.plural}/{alias}.md": (item, alias) for item in items.values()
                     if isinstance(item, LearningItem) for alias in item.aliases}
    for page in pages:
        address = _as_item_src_uri(page.src_uri)
        item = item_pages.get(address)
        if item is not None:
            found.append(error(page.rel, 1, f"this page has the address of the {item.kind} "
                               f"'{item.id}' ({item.rel}) and would replace it",
                               "rename or move one of them"))
        elif address in old_addresses:
            item, alias = old_addresses[address]
            found.append(error(page.rel, 1, f"this page has the address of '{alias}', an old "
                               f"id of {item.rel} that leads to it", "rename or move the page, "
                               f"or remove '{alias}' from that {item.kind}'s aliases"))
    attachments = {path.resolve() for path in static_text_files(project)}
    for item in items.values():
        attachments |= {path.resolve() for path, _ in files.attachments(item)
                        if is_text_attachment(path)}
    for path in sorted(attachments):
        found += check_text_attachment(path, project.relative(path), context.allowlist)
    found += published_file_problems(project, items.values(), context.allowlist)
    if not any("accessibility" in page.src_uri.lower() for page in pages):
        found.append(warning(project.relative(project.docs_dir / "accessibility.md"), 1,
                             "the site has no accessibility statement: every page's footer "
                             "links one, and UK public sector websites must publish one",
                             "add it as this file: how accessible the site is, and who to "
                             "contact about a problem"))
    for path, why, fix in files.stray_item_files(project):
        found.append(error(project.relative(path), 1, why, fix))
    for link, target in files.docs_links_into_items(project):
        found.append(error(project.relative(link), 1,
                           f"this is a link to '{project.relative(target)}', a file of the "
                           "items: it would be published from here whatever the item's "
                           "status", "remove the link; cite the item with [[id]], or link "
                           "its file from the item"))
    for link, target, what in files.docs_links_into_sources(project):
        found.append(error(project.relative(link), 1,
                           f"this is a link to '{project.relative(target)}', {what}: it "
                           "would be published from here as it is, whatever is not yet "
                           "public in it", "remove the link; link the published page "
                           "instead (the dashboard, or the guidance with [[id]])"))
    for link, target in links_leaving_project(project):
        found.append(error(project.relative(link), 1,
                           f"this is a link to '{target}', outside the site project: nothing "
                           "from outside the project is published",
                           "copy the file or folder into the project instead of linking to it"))
    return found


def _link_anchor_problems(documents: list[Document]) -> list[Diagnostic]:
    """Links to a place on a page (`page.md#part`, `#part`) that the page does not have.
    Warnings: the page reads on from its top, and its template adds addresses too."""
    found: list[Diagnostic] = []
    by_path: dict[Path, Document] | None = None
    for document in documents:
        wanted = [(link.start, link.target, link.path, unquote(link.fragment))
                  for link in document.links if link.fragment]
        wanted += [(start, f"#{fragment}", None, fragment)
                   for start, fragment in document.same_page_links]
        if not wanted:
            continue
        if by_path is None:
            by_path = {d.source.real_path: d for d in documents}
        lines = LineIndex(document.prose, document.source.body_line)
        for start, target, path, fragment in wanted:
            linked = document if path is None else by_path.get(
                (document.source.path.parent / path).resolve())
            if linked is None or _has_anchor(linked, fragment):
                continue
            places = {anchor: text for anchor, text in linked.anchors.items() if anchor}
            places |= getattr(linked, "sections", {})
            hint = near_miss(fragment, places) or (
                f"its places are: {', '.join(list(places)[:10])}" if places
                else "it has no headings or sections")
            found.append(warning(document.rel, lines.line(start),
                                 f"link to '{excerpt(target)}': {linked.rel} has no heading "
                                 f"or section at #{excerpt(fragment)}", hint))
    return found


def _links_to_unpublished(documents: list[Document], items: dict[str, Item],
                          pages: list[Page], as_of: date, project: Project) -> list[Diagnostic]:
    """A public page's ordinary link to a draft or embargoed item, or to a file only such
    items bring: the public site shows the link's text without the link, as its address
    would name what is not yet published. And a link to a document such an item brings
    too, which the public page publishes now (a picture is often shared, and not said)."""
    held, published = _unpublished_and_published_files(items, pages, as_of, project)
    if not held:
        return []
    found: list[Diagnostic] = []
    for document in documents:
        if not is_public(document, as_of):
            continue  # a draft linking to a draft: both wait
        lines = None
        for link in document.links:
            path = (document.source.path.parent / link.path).resolve()
            item = held.get(path)
            if item is None or item is document:
                continue
            lines = lines or LineIndex(document.prose, document.source.body_line)
            why = unpublished_why(item, as_of)
            if path not in published:
                what = item.rel if path == item.source.real_path else \
                    f"it belongs to {item.rel}, which"
                found.append(warning(
                    document.rel, lines.line(link.start), f"link to '{excerpt(link.target)}': "
                    f"{what} is {why}; the public site shows the link's text without the link",
                    "publish both together, or embargo this one too"))
            elif path.suffix.lower() not in IMAGE_SUFFIXES:
                found.append(warning(
                    document.rel, lines.line(link.start), f"'{excerpt(link.target)}' is also "
                    f"a file of {item.rel}, which is {why}: this page publishes it now",
                    "if it should wait, link it from this page once both are published"))
    return found


#: Pictures, which items often share (a logo, a diagram): not said to be shared.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"})


def _dates_after(items: dict[str, Item], as_of: date) -> list[Diagnostic]:
    """Dates of what has happened that lie after `as_of`, on public items: an update or a
    completed recommendation not yet made (a slip of the year, often). Pages, feeds and
    the sitemap would show them; the dashboard counts such a recommendation as in progress."""
    found: list[Diagnostic] = []
    today = as_of.isoformat()
    for item in items.values():
        if not is_public(item, as_of):
            continue
        updated = getattr(item, "updated", None)
        if updated is not None and updated > as_of:
            found.append(warning(item.rel, item.source.field_line("updated"),
                                 f"'updated' is {updated.isoformat()}, after today ({today})",
                                 "give the date the item was last changed"))
        written = item.source.front_matter.get("recommendations")
        for index, recommendation in enumerate(getattr(item, "recommendations", [])):
            if recommendation.completed is not None and recommendation.completed > as_of:
                found.append(warning(
                    item.rel, written.line_at(index, "completed") if written else 1,
                    f"this recommendation's 'completed' is {recommendation.completed.isoformat()}"
                    f", after today ({today}): it shows as in progress until then",
                    "give the date it was completed"))
    return found


def _has_anchor(document: Document, fragment: str) -> bool:
    if isinstance(document, Item):
        return document.section_label(fragment) is not None
    return fragment in document.anchors


def _future_quarters(project: Project, measures: list[Measure],
                     as_of: date) -> list[Diagnostic]:
    """Values for a quarter that has not begun: held back from the public site until it
    does, as an item dated later is; said, in case the quarter is a slip."""
    found = []
    for measure in measures:
        later = [quarter for quarter, _ in measure.values if quarter.start > as_of]
        if not later:
            continue
        text = (project.root / measure.rel).read_text(encoding="utf-8-sig")
        at = text.find(str(later[0]))
        which = f"{later[0]}" if len(later) == 1 else f"{later[0]} to {later[-1]}"
        found.append(warning(
            measure.rel, text.count("\n", 0, at) + 1 if at != -1 else 1,
            f"{which} {'has' if len(later) == 1 else 'have'} not begun (as of "
            f"{as_of.isoformat()}): a quarter's value is shown once the quarter begins",
            "check the year and quarter if the figure is for a quarter that has ended"))
    return found


def _alias_problems(items: dict[str, Item]) -> list[Diagnostic]:
    """An old id (`aliases`) redirects to its item: it cannot be anyone else's id or alias,
    nor a name a guidance entry is cited by; and such a name cannot be an item's id."""
    found: list[Diagnostic] = []
    names: dict[str, Item] = {}  # what guidance is cited by, as [[...]] reads it
    for guidance in items.values():
        if not isinstance(guidance, Guidance):
            continue
        written = guidance.source.front_matter.get("aliases")
        for index, name in enumerate(guidance.aliases):
            key = alias_key(name)
            other = items.get(key)
            if other is not None and other is not guidance:
                found.append(error(guidance.rel, written.line_of(index) if written else 1,
                                   f"'{name}' is the id of {other.rel}: [[{key}]] leads there, "
                                   "not to this guidance", "remove it, or give it other words"))
            else:
                names.setdefault(key, guidance)
    owners: dict[str, Item] = {}
    for item in items.values():
        if not isinstance(item, LearningItem):
            continue
        written = item.source.front_matter.get("aliases")
        for index, alias in enumerate(item.aliases):
            line = written.line_of(index) if written else 1
            clash = items.get(alias) or owners.get(alias) or names.get(alias_key(alias))
            if alias in RESERVED_IDS:
                found.append(error(item.rel, line, f"'{alias}' cannot be an alias: it is the "
                                   f"address of the list of {item.plural}"))
            elif clash is item:
                found.append(error(item.rel, line, f"'{alias}' is this {item.kind}'s own id",
                                   "list only the ids it had before it was renamed"))
            elif clash is not None:
                what = "the id" if clash.id == alias else \
                    "a name" if isinstance(clash, Guidance) else "the alias"
                found.append(error(item.rel, line, f"'{alias}' is already {what} of {clash.rel}",
                                   "an old id can lead to one item only; remove it here "
                                   "or there"))
            else:
                owners[alias] = item
    return found


def _as_item_src_uri(src_uri: str) -> str:
    """`briefings/x/index.md` and `briefings/x.markdown` are published where `briefings/x.md` is."""
    stem, _, _ = src_uri.rpartition(".")
    if stem.endswith("/index") or stem.endswith("/README"):
        stem = stem.rpartition("/")[0]
    return f"{stem}.md"


def _read_all(
    project: Project, files: list[tuple[type[Item], Path]], cache: ReadCache | None = None
) -> list[tuple[Item | None, Document | None, list[Diagnostic]]]:
    """Read, model and check every item file.

    Tried: sharing this between two processes. Sending the items back to the parent
    costs nearly as much as reading them: at 5,000 items, a forked child sending its
    half without their text (read again by the parent) made it 12 % faster at best,
    and sending them whole made it slower. Not worth a second process.
    """
    context = CheckContext.for_project(project)
    return [read_through(cache, path,
                         lambda kind=kind, path=path: _read_item(kind, path, project, context))
            for kind, path in files]


def _read_item(
    kind: type[Item], path: Path, project: Project, context: CheckContext
) -> tuple[Item | None, Document | None, list[Diagnostic]]:
    """One item file: the item (None if unusable), the document checked, its problems."""
    source, problems = read_source(path, project.relative(path))
    if source is None:
        return None, None, problems
    diagnostics = list(problems)
    item, text = _build_item(kind, source, project, diagnostics)
    diagnostics += _run_checks(text, context, already=len(diagnostics))
    return item, text.document, diagnostics


def _run_checks(text: Text, context: CheckContext, already: int = 0) -> list[Diagnostic]:
    """Every document check on one file, at most MAX_PER_FILE problems in all."""
    every = (d for check in DOCUMENT_CHECKS for d in check(text, context))
    return at_most(every, text.document.rel, max(MAX_PER_FILE - already, 0))


def _all_references(document: Document) -> list[Reference]:
    refs = list(document.body_references)
    if isinstance(document, Item):
        refs = front_matter_references(document) + refs
    return refs


def _prepare_text(source: Source) -> tuple[str, LineIndex]:
    prose = prose_view(source.body)
    return prose, LineIndex(prose, source.body_line)


def _build_page(source: Source, project: Project) -> tuple[Page, Text]:
    prose, lines = _prepare_text(source)
    # Where MkDocs finds it, not where a link leads (an error of its own, above).
    src_uri = os.path.relpath(source.path, project.docs_dir).replace(os.sep, "/")
    page = Page(source=source, title="", src_uri=src_uri, markdown=project.markdown,
                body_references=read_references(source.body, prose, source.body_line,
                                                project.markdown))
    title_field = source.front_matter.get("title")
    page.title = (
        (str(title_field.value) if title_field and title_field.value else None)
        or first_heading(page.headings)
        or Path(source.rel).stem.replace("-", " ").capitalize()
    )
    page.prose = prose  # computed once: attachments and links read it again
    return page, Text(page, prose, lines)


def _build_item(
    kind: type[Item], source: Source, project: Project, diagnostics: list[Diagnostic]
) -> tuple[Item | None, Text]:
    stem = source.path.stem
    report = schema.Report(source.rel, project.settings)
    if not is_valid_id(stem):
        report.error(1, f"file name '{source.path.name}' is not a valid id",
                     f"use lower-case letters, digits and hyphens: rename it to "
                     f"'{suggest_id(stem)}.md'")
    if not source.has_front_matter:
        report.error(1, f"this {kind.kind} has no front matter",
                     "start the file with a line '---', the keys, then another '---'")
    # Front matter that is not YAML was reported as such: no "missing key" for each key.
    values = schema.parse_front_matter(source.front_matter, kind, report) \
        if source.front_matter_read else {}
    prose, lines = _prepare_text(source)
    refs = read_references(source.body, prose, source.body_line, project.markdown)
    if len(refs) > MAX_REFERENCES:
        report.error(refs.pop().line, f"more than {MAX_REFERENCES:,} cross-references in "
                     "one file; the rest are not checked", "split the file")
    diagnostics += report.diagnostics
    if report.diagnostics or not source.front_matter_read:
        values = _stand_in_values(kind, stem, source, values)
    item = kind(id=stem, source=source, body_references=refs, markdown=project.markdown,
                **values)
    item.prose = prose
    return item, Text(item, prose, lines)


def _stand_in_values(kind: type[Item], stem: str, source: Source,
                     values: dict[str, Any]) -> dict[str, Any]:
    """The values of an item whose front matter has errors: what could be read, and
    neutral stand-ins for the rest, so that its body, its references and the items citing
    it are still checked in the same round. Such an item is never published."""
    read = {name: value for name, value in values.items() if value is not None}
    read["usable"] = False
    read["publication_known"] = "published" in read and (
        "status" in read or "status" not in source.front_matter)
    for declared in dataclasses.fields(kind):
        rule = declared.metadata.get("rule")
        if rule is not None and rule.required and declared.name not in read:
            read[declared.name] = stem if declared.name == "title" else _STAND_IN[declared.type]()
    return read


#: Neutral values for required fields that could not be read, by declared type.
_STAND_IN: dict[str, Callable[[], Any]] = {"str": str, "list[str]": list, "date": lambda: date.max}
