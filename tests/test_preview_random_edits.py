"""Random sequences of edits in a live preview: after each rebuild, every page is the page a
whole build of the same files gives (`previews.PreviewSession.differences`).

The scripted sequence in test_rebuilds.py holds the cases found so far. Here Hypothesis
makes two sequences of ten edits, the same on every run (`derandomize`, no database):
about 35 s, as each step builds the site twice. No shrinking, which took more than five
minutes: a failure prints its whole sequence, short enough to read. To look further,
raise `max_examples` and `stateful_step_count` locally, with `derandomize=False` (eight
new sequences of 25 edits each ran clean in 272 s on 27 November 2026)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from conftest import CONFIG, Site
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from previews import PreviewSession

THEMES = ("neglect", "online-safety", "domestic-abuse")
DATES = ("2019-05-05", "2024-03-10", "2026-11-01", "2027-03-01")  # as of 2026-11-26


@dataclass
class Entry:
    """What the machine wrote in one item's file."""

    kind: str
    title: str
    published: str = "2024-01-10"
    draft: bool = False
    themes: list[str] = field(default_factory=lambda: ["neglect"])
    cites: list[str] = field(default_factory=list)  # ids, in the body
    reviews: list[str] = field(default_factory=list)  # a briefing draws on these
    aliases: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"title: {self.title}", f"published: {self.published}",
                 f"summary: About {self.title.lower()}.", f"themes: [{', '.join(self.themes)}]"]
        if self.kind == "review":
            lines.append("review_type: lcspr")
        for key in ("reviews", "aliases"):
            if getattr(self, key):
                lines.append(f"{key}: [{', '.join(getattr(self, key))}]")
        if self.draft:
            lines.append("status: draft")
        body = " ".join(f"See [[{cited}]]." for cited in self.cites)
        return "---\n" + "\n".join(lines) + f"\n---\n\n## What to do\n\n{body}\n"


class PreviewEdits(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="sl-preview-edits-"))
        self.site = Site(self.folder / "project")
        self.site.write("mkdocs.yml", CONFIG)
        self.site.write("content/index.md", "# Test partnership\n\nWelcome.\n")
        self.site.write("content/accessibility.md", "# Accessibility statement\n\nAA.\n")
        self.entries: dict[str, Entry] = {}
        self.pages: dict[str, str] = {}
        self.made = 0
        for kind in ("briefing", "briefing", "briefing", "review", "review"):
            self._add(kind)
        self.preview = PreviewSession(self.site.root / "mkdocs.yml", self.folder / "live")

    def teardown(self) -> None:
        self.preview.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- helpers ---------------------------------------------------------------------
    def _new_id(self, stem: str) -> str:
        self.made += 1
        return f"{stem}-{self.made}"

    def _add(self, kind: str) -> str:
        item_id = self._new_id(kind[0])
        self.entries[item_id] = Entry(kind, f"{kind.title()} {self.made}")
        self._write(item_id)
        return item_id

    def _path(self, item_id: str) -> Path:
        return self.site.root / f"{self.entries[item_id].kind}s/{item_id}.md"

    def _write(self, item_id: str) -> None:
        self.site.write(str(self._path(item_id).relative_to(self.site.root)),
                        self.entries[item_id].text())

    def _cited(self) -> set[str]:
        return {name for entry in self.entries.values() for name in entry.cites + entry.reviews}

    def _pick(self, data: st.DataObject, kind: str | None = None) -> str:
        return data.draw(st.sampled_from(sorted(
            item_id for item_id, entry in self.entries.items() if kind in (None, entry.kind))))

    # --- edits -----------------------------------------------------------------------
    @rule(data=st.data())
    def retitle(self, data: st.DataObject) -> None:
        item_id = self._pick(data)
        self.entries[item_id].title += " again"
        self._write(item_id)

    @rule(data=st.data(), published=st.sampled_from(DATES))
    def redate(self, data: st.DataObject, published: str) -> None:
        item_id = self._pick(data)
        self.entries[item_id].published = published
        self._write(item_id)

    @rule(data=st.data())
    def toggle_draft(self, data: st.DataObject) -> None:
        item_id = self._pick(data)
        self.entries[item_id].draft = not self.entries[item_id].draft
        self._write(item_id)

    @rule(data=st.data(), themes=st.lists(st.sampled_from(THEMES), min_size=1, max_size=2,
                                           unique=True))
    def rethemes(self, data: st.DataObject, themes: list[str]) -> None:
        item_id = self._pick(data)
        self.entries[item_id].themes = themes
        self._write(item_id)

    @rule(data=st.data())
    def toggle_citation(self, data: st.DataObject) -> None:
        citing, cited = self._pick(data), self._pick(data)
        names = [cited] + self.entries[cited].aliases
        cites = self.entries[citing].cites
        if citing != cited:
            if any(name in cites for name in names):
                cites[:] = [name for name in cites if name not in names]
            else:
                cites.append(data.draw(st.sampled_from(names)))
            self._write(citing)

    @precondition(lambda self: any(e.kind == "review" for e in self.entries.values()))
    @rule(data=st.data())
    def toggle_draws_on(self, data: st.DataObject) -> None:
        briefing, review = self._pick(data, "briefing"), self._pick(data, "review")
        reviews = self.entries[briefing].reviews
        names = [review] + self.entries[review].aliases
        if any(name in reviews for name in names):
            reviews[:] = [name for name in reviews if name not in names]
        else:
            reviews.append(review)
        self._write(briefing)

    @rule(kind=st.sampled_from(("briefing", "review")), data=st.data())
    def add(self, kind: str, data: st.DataObject) -> None:
        cited = self._pick(data)
        item_id = self._add(kind)
        self.entries[item_id].cites = [cited]
        self._write(item_id)

    @precondition(lambda self: len(self.entries) > 3)
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        item_id = self._pick(data)
        names = {item_id, *self.entries[item_id].aliases}
        self._path(item_id).unlink()
        del self.entries[item_id]
        for other, entry in self.entries.items():  # and the citations of it
            if names & set(entry.cites + entry.reviews):
                entry.cites = [name for name in entry.cites if name not in names]
                entry.reviews = [name for name in entry.reviews if name not in names]
                self._write(other)

    @rule(data=st.data())
    def rename_keeping_the_old_id(self, data: st.DataObject) -> None:
        old = self._pick(data)
        self._path(old).unlink()
        entry = self.entries.pop(old)
        entry.aliases = [*entry.aliases, old]
        new = self._new_id(old.split("-")[0])
        self.entries[new] = entry
        self._write(new)

    @rule(data=st.data())
    def drop_an_old_id(self, data: st.DataObject) -> None:
        item_id = self._pick(data)
        entry = self.entries[item_id]
        uncited = [alias for alias in entry.aliases if alias not in self._cited()]
        if uncited:
            entry.aliases.remove(data.draw(st.sampled_from(uncited)))
            self._write(item_id)

    @rule(data=st.data())
    def edit_a_page(self, data: st.DataObject) -> None:
        action = data.draw(st.sampled_from(("add", "retitle", "delete")))
        if action == "add" or not self.pages:
            name = self._new_id("page")
            self.pages[name] = name.replace("-", " ").capitalize()
        elif action == "retitle":
            name = data.draw(st.sampled_from(sorted(self.pages)))
            self.pages[name] += " again"
        else:
            name = data.draw(st.sampled_from(sorted(self.pages)))
            del self.pages[name]
            (self.site.root / f"content/{name}.md").unlink()
            return
        self.site.write(f"content/{name}.md", f"# {self.pages[name]}\n\nText.\n")

    # --- after each -------------------------------------------------------------------
    @invariant()
    def the_preview_is_a_whole_build(self) -> None:
        self.preview.rebuild()
        assert self.preview.differences(self.folder / "whole") == []


PreviewEdits.TestCase.settings = settings(
    max_examples=2, stateful_step_count=10, derandomize=True, database=None, deadline=None,
    phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow])
test_random_edits_in_a_preview_give_what_a_whole_build_gives = PreviewEdits.TestCase
