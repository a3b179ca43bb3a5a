"""`new briefing|review|audit "Title"`: a draft that passes `check` and shows what to fill in.

A template states no facts: what the author must write is placeholder text that starts
with PLACEHOLDER, and every optional key is there as a commented example. `check`
refuses to publish an item that still holds a placeholder (`checks.check_placeholders`).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from .ids import suggest_id
from .project import Project

#: How every piece of template text starts; `check` looks for it in items to be published.
PLACEHOLDER = "Write here:"
SUMMARY_PLACEHOLDER = (f"{PLACEHOLDER} one or two plain sentences for listings, search "
                       "results and feeds.")

FORMATS = ("standard", "seven-minute")
KINDS = ("briefing", "review", "audit")


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _choices(vocabulary: dict[str, str]) -> str:
    return ", ".join(vocabulary)


def _example_guidance(project: Project) -> str:
    folder = project.guidance_dir
    found = sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []
    return found[-1] if found else "working-together-2023"


def _head(title: str, today: date, project: Project) -> str:
    """The keys every briefing and review starts with."""
    settings = project.settings
    return f"""---
title: {_yaml_text(title)}
published: {today.isoformat()}  # the day it goes live; a later date embargoes it until then
status: draft  # change to 'published' when it is ready (a draft never appears on the site)
summary: "{SUMMARY_PLACEHOLDER}"
themes: [{next(iter(settings.themes))}]  # {PLACEHOLDER} choose one or more of: \
{_choices(settings.themes)}; then delete this note
"""


def _optional_keys(project: Project, *keys: str) -> str:
    """Commented examples of optional keys: delete the '# ' to use one."""
    settings = project.settings
    audiences = _choices(settings.audiences) or "professionals"
    examples = {
        "audience": f"# audience: [{next(iter(settings.audiences), 'professionals')}]"
                    f"  # any of: {audiences}",
        "guidance": f"# guidance: [{_example_guidance(project)}]"
                    "  # guidance ids, optionally with a section: id#section",
        "reviews": "# reviews: [review-id]  # the reviews it draws learning from or follows up",
        "subject": '# subject: "Child ..."  # the anonymised name the review uses; never a '
                   "real name",
        "agencies": "# agencies: [Children's social care, Police]  # the agencies involved",
        "report": "# report: full-report.pdf  # the full report, saved beside this file",
        "url": "# url: https://...  # where the full report is published elsewhere",
        "updated": "# updated: YYYY-MM-DD  # the date of the last substantive change",
        "aliases": "# aliases: [old-id]  # ids it had before it was renamed: they redirect here",
        "period": "# period: 2025-Q2  # the quarter audited",
        # The review record: shown in a panel on the review's page, some as search filters
        "child_age": "# child_age: [1-4]  # age band(s), never an exact age: unborn, under-1, "
                     "1-4, 5-9, 10-14, 15-17, 18-plus",
        "child_sex": "# child_sex: female  # female or male; a list for siblings",
        "outcome": "# outcome: serious-harm  # died or serious-harm",
        "incident_year": "# incident_year: 2024  # the year only",
        "commissioned": "# commissioned: YYYY-MM-DD  # when the review was commissioned",
        "completed": "# completed: YYYY-MM-DD  # when it was completed",
        "recommendations": "# recommendations:  # each with its progress; delete the '# ' of "
                           "each line\n"
                           "#   - text: What the review recommends\n"
                           f"#     agencies: [{next(iter(settings.agencies), 'Police')}]"
                           "  # who leads it\n"
                           "#     status: open  # open, in-progress or completed\n"
                           "#     due: YYYY-MM-DD\n"
                           "#     # completed: YYYY-MM-DD  # once it is done",
    }
    return "".join(examples[key] + "\n" for key in keys)


def _sections(*names: str) -> str:
    return "\n".join(f"## {name}\n\n{PLACEHOLDER} {hint}\n" for name, hint in names)


def briefing_template(title: str, today: date, project: Project,
                      format: str = "standard") -> str:
    head = _head(title, today, project)
    keys = _optional_keys(project, "audience", "guidance", "reviews", "updated", "aliases")
    if format == "seven-minute":
        sections = "\n".join(
            f"## {name}\n\n{PLACEHOLDER} this section of the seven-minute briefing.\n"
            for name in project.settings.seven_minute_sections)
        return f"{head}format: seven-minute\n{keys}---\n\n{sections}"
    sections = _sections(
        ("Why this matters", "who this briefing is for and why it matters to them."),
        ("What we learned", "the learning, in short paragraphs or a list. Cite guidance "
         "as `[[id]]` or `[[id#section]]`, without the backticks."),
        ("What to do", "what practitioners should do differently, as a list."),
        ("Find out more", "guidance, training and contacts."),
    )
    return f"{head}# format: seven-minute  # for a seven-minute briefing\n{keys}---\n\n{sections}"


def review_template(title: str, today: date, project: Project) -> str:
    settings = project.settings
    head = _head(title, today, project)
    review_type = ("lcspr" if "lcspr" in settings.review_types
                   else next(iter(settings.review_types)))
    keys = _optional_keys(project, "subject", "agencies", "report", "url", "audience",
                          "guidance", "updated", "aliases", "child_age", "child_sex", "outcome",
                          "incident_year", "commissioned", "completed", "recommendations")
    sections = _sections(
        ("What happened", "a short, anonymised account: no names, exact ages, dates of "
         "birth, schools or places that could identify the child or family."),
        ("Key findings", "what the review found about how agencies worked together."),
        ("Recommendations", "the review's recommendations, as a list."),
        ("What has changed", "what the partnership and agencies have done since."),
    )
    return (f"{head}review_type: {review_type}  # {PLACEHOLDER} choose one of: "
            f"{_choices(settings.review_types)}; then delete this note\n{keys}---\n\n{sections}")


def audit_template(title: str, today: date, project: Project) -> str:
    head = _head(title, today, project)
    keys = _optional_keys(project, "period", "agencies", "guidance", "reviews", "audience",
                          "updated", "aliases")
    sections = _sections(
        ("What we audited", "which cases or agencies, how many, and the questions asked."),
        ("What we found", "the main findings, in short paragraphs or a list."),
        ("What is working well", "practice to keep and share."),
        ("What needs to improve", "what the audit found needs to change, and why."),
        ("What happens next", "the actions agreed, who leads them, and when the audit "
         "will be repeated."),
    )
    return (f"{head}audit_type: multi-agency-case-file  # {PLACEHOLDER} choose one of: "
            "section-11, multi-agency-case-file, themed-deep-dive, single-agency; then delete "
            f"this note\n{keys}---\n\n{sections}")


#: The longest id `new` makes from a title.
MAX_ID_LENGTH = 80


def new_item_path(kind: str, title: str, project: Project, taken: set[str]) -> Path:
    """A free file name for a new item: the title as an id, numbered if it clashes."""
    folder = {"briefing": project.briefings_dir, "review": project.reviews_dir,
              "audit": project.audits_dir}[kind]
    base = suggest_id(title)
    if len(base) > MAX_ID_LENGTH:  # a file name has a limit (255 bytes); an address reads
        base = base[:MAX_ID_LENGTH].rsplit("-", 1)[0]  # better short: cut at a word
    candidate, number = base, 2
    # lexists: a link to a file that is gone still holds the name
    while candidate in taken or os.path.lexists(folder / f"{candidate}.md"):
        candidate, number = f"{base}-{number}", number + 1
    return folder / f"{candidate}.md"
