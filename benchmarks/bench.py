#!/usr/bin/env python3
"""Benchmark `build.py check` (and optionally `build`) on a large synthetic site project.

Run from the repository root:

    .venv/bin/python benchmarks/bench.py [--items N] [--kb KB] [--build [--build-items N]]
    .venv/bin/python benchmarks/bench.py --quick          # 500 items, 1 repeat: a smoke test

The script writes a valid site project (briefings, reviews, guidance, two hand-written pages)
into a temporary folder, or under `--out DIR` (kept afterwards), then times `build.py check`
in a child process (so start-up and imports count as a user sees them), best of `--repeat`.
As a yardstick it times reading every item's front matter with python-frontmatter in this
process. With `--build` it writes a second, smaller project and times one `build.py build`,
with the number and size of the HTML files written and the child's peak memory.

This is a benchmark, not a test: it prints figures, and exits 1 only when `check` or
`build` fails on the generated project (which means the generator or the tool is wrong).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD_PY = ROOT / "build.py"
AS_OF = "2026-11-26"
MARKER = ".bench-generated"

# --- vocabulary ---------------------------------------------------------------------------
# Plain words only: no digits, no '@', nothing that personal-data checks could mistake for
# a phone number, NHS number, postcode or date of birth.

WORDS = (
    "the a an and or but of to in for with from by about after before during within "
    "without between across through against towards because although when where while "
    "child children baby babies young person people parent parents carer carers family "
    "families mother father sibling siblings grandparent household home school college "
    "nursery health visitor midwife doctor nurse practitioner practitioners professional "
    "professionals social worker police officer teacher manager supervisor agency agencies "
    "partnership service services team teams plan plans assessment assessments referral "
    "referrals meeting meetings conference review reviews record records information "
    "concern concerns risk risks harm neglect abuse injury bruising safety safeguarding "
    "support help advice guidance practice learning evidence history context pattern "
    "patterns voice experience needs wellbeing development behaviour attendance absence "
    "visit visits contact contacts escalation challenge curiosity disagreement decision "
    "decisions threshold thresholds strategy discussion discussions oversight chronology "
    "was were is are had has have did could should would might must will may can "
    "noticed shared recorded asked heard saw understood missed considered explored agreed "
    "escalated reviewed visited planned supported challenged questioned assessed reported "
    "clear unclear early late timely consistent inconsistent known unknown wider local "
    "national current previous several many few often rarely always sometimes together "
    "not only also still already again further more less most least each every other "
    "this that these those their its his her them they it we our us"
).split()

TOPICS = (
    "Professional curiosity", "Information sharing", "Neglect", "Domestic abuse",
    "Safer sleep", "Bruising in babies", "Missing from education", "Parental mental health",
    "Substance misuse", "Online harm", "Criminal exploitation", "Hidden men",
    "Disguised compliance", "Escalation", "Voice of the child", "Transitions",
    "Adolescent risk", "Care leavers", "Young carers", "Private fostering",
)
SETTINGS = (
    "home visits", "early help", "schools", "primary care", "the emergency department",
    "health visiting", "child protection conferences", "strategy discussions",
    "youth services", "the voluntary sector", "housing", "maternity services",
    "children with disabilities", "teenagers", "new partners in the household",
)
HEADINGS = (
    "Summary of the case", "What happened", "What we found", "Practice issues",
    "The child's experience", "Working with families", "Multi-agency working",
    "Recording and chronology", "Supervision and oversight", "Thresholds and decisions",
    "Escalation and challenge", "Information sharing in practice", "Recommendations",
    "Good practice", "Areas for development", "Further reading", "Training and resources",
    "Reflective questions", "Messages for managers", "Messages for volunteers",
    "Next steps", "How agencies responded", "Assessment of risk", "Hearing the child",
)
SEVEN_MINUTE = (
    "Background", "Why it matters", "Information", "Key learning",
    "Things to remember", "What to do", "Questions to consider",
)
THEMES = (
    "neglect", "domestic-abuse", "physical-abuse", "sexual-abuse", "emotional-abuse",
    "child-sexual-exploitation", "criminal-exploitation", "online-safety", "mental-health",
    "substance-misuse", "safer-sleep", "information-sharing", "multi-agency-working",
)
AUDIENCES = ("professionals", "volunteers", "public")
REVIEW_TYPES = ("scr", "lcspr", "rapid-review", "national-review", "thematic-review",
                "learning-review", "sar", "dhr")
AGENCIES = ("Children's social care", "Police", "Health visiting", "Schools", "GP practice",
            "Midwifery", "Housing", "Probation", "Youth justice", "Early help")
PUBLISHERS = ("Department for Education", "Home Office", "Department of Health and Social Care",
              "Northbrook Safeguarding Children Partnership", "NHS England", "Ofsted")
FAKE_PDF = b"%PDF-1.4\n% synthetic report written by benchmarks/bench.py\n%%EOF\n"

CONFIG = """\
site_name: Synthetic partnership (benchmark)
site_url: https://example.org/learning/
docs_dir: content
theme:
  name: material
plugins:
  - safeguarding-learning:
      personal_data_allowlist: [safeguarding@example.org, 0113 496 0000]
"""
INDEX_PAGE = """\
# Synthetic partnership

Welcome to the learning briefings and case review summaries of a synthetic partnership,
written by the benchmark script. Read our [accessibility statement](accessibility.md).
"""
ACCESSIBILITY_PAGE = """\
# Accessibility statement

We aim for WCAG 2.2 AA. Tell us if something does not work for you.
"""

# --- the plan: every item's id, dates and headings, decided before any file is written -------


@dataclass
class Plan:
    kind: str  # briefing | review | guidance
    id: str
    title: str
    published: date
    status: str = "published"
    headings: list[str] = field(default_factory=list)
    seven_minute: bool = False
    sections: dict[str, str] = field(default_factory=dict)  # guidance only
    superseded_by: str | None = None  # guidance only
    report: bool = False  # review only: a full report file beside it

    def is_public(self, as_of: date) -> bool:
        return self.status == "published" and self.published <= as_of


@dataclass
class Pools:
    """Public targets for references, by kind."""

    briefings: list[Plan]
    reviews: list[Plan]
    guidance: list[Plan]


def letters(index: int, width: int = 3) -> str:
    """A digit-free code for an index: 0 -> 'aaa', 1 -> 'aab', ..."""
    code = ""
    for _ in range(width):
        index, rest = divmod(index, 26)
        code = chr(ord("a") + rest) + code
    return code


def slug(text: str) -> str:
    """Anchor or id of plain words, as the toc extension's slugify makes it."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c in " -")
    return "-".join(kept.split())


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def split_counts(items: int) -> tuple[int, int, int]:
    """Briefings, reviews and guidance: about 70%, 25% and 5% (at least one of each)."""
    guidance = max(1, round(items * 0.05))
    reviews = max(1, round(items * 0.25))
    return max(1, items - guidance - reviews), reviews, guidance


def plan_corpus(items: int, rng: random.Random, as_of: date) -> list[Plan]:
    briefings, reviews, guidance = split_counts(items)
    plans = plan_guidance(guidance, rng)
    plans += [plan_item("review", i, rng, as_of) for i in range(reviews)]
    plans += [plan_item("briefing", i, rng, as_of) for i in range(briefings)]
    return plans


def plan_guidance(count: int, rng: random.Random) -> list[Plan]:
    plans = []
    for index in range(count):
        topic = rng.choice(TOPICS)
        title = f"{topic}: statutory guidance edition {letters(index).upper()}"
        sections = {f"chapter-{n}": f"Chapter {n}: {rng.choice(HEADINGS)}"
                    for n in range(1, rng.randint(3, 8))}
        plans.append(Plan("guidance", f"guidance-{slug(topic)}-{letters(index)}", title,
                          date(rng.randint(2004, 2025), 1, 1),
                          headings=rng.sample(HEADINGS, rng.randint(4, 6)), sections=sections))
    # About one in twenty-five is superseded by a later entry: citing it gives a warning.
    for index in range(12, count - 1, 25):
        plans[index].superseded_by = plans[index + 1].id
    return plans


def plan_item(kind: str, index: int, rng: random.Random, as_of: date) -> Plan:
    topic, setting = rng.choice(TOPICS), rng.choice(SETTINGS)
    title = f"{topic} in {setting}" if kind == "briefing" else f"Review of Child {letters(index)}"
    plan = Plan(kind, f"{slug(topic)}-{letters(index)}" if kind == "briefing"
                else f"review-child-{letters(index)}", title,
                random_date(rng, date(2010, 1, 1), as_of))
    roll = rng.random()
    if roll < 0.02:
        plan.published = random_date(rng, date(2027, 1, 1), date(2027, 12, 31))  # embargoed
    elif roll < 0.04:
        plan.status = "draft"
    if kind == "briefing" and rng.random() < 0.2:
        plan.seven_minute = True
        plan.headings = list(SEVEN_MINUTE)
    else:
        plan.headings = rng.sample(HEADINGS, rng.randint(4, 7))
    plan.report = kind == "review" and rng.random() < 0.1
    return plan


def public_pools(plans: Sequence[Plan], as_of: date) -> Pools:
    public = [p for p in plans if p.is_public(as_of)]
    return Pools([p for p in public if p.kind == "briefing"],
                 [p for p in public if p.kind == "review"],
                 [p for p in plans if p.kind == "guidance"])


# --- writing Markdown -----------------------------------------------------------------------


def pick(rng: random.Random, pool: Sequence[Plan], most: int) -> list[Plan]:
    """Up to `most` distinct plans from `pool` (small corpora have small pools)."""
    return rng.sample(list(pool), min(len(pool), rng.randint(0, most)))


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 22))
    return " ".join(words).capitalize() + "."


def cross_reference(rng: random.Random, pools: Pools, self_id: str) -> str:
    """One `[[...]]` in one of the four forms, to a public item (never the page itself)."""
    roll = rng.random()
    if roll < 0.35:
        target = rng.choice(pools.guidance)
        return f"[[{target.id}#{rng.choice(list(target.sections))}]]"
    pool = pools.reviews if roll < 0.6 else pools.briefings
    target = rng.choice(pool) if pool else None
    if target is None or target.id == self_id:
        return "[[" + rng.choice(pools.guidance).id + "]]"
    if roll < 0.8:
        return f"[[{target.id}]]"
    if roll < 0.9:
        return f"[[{target.id}|the {target.kind} on this]]"
    return f"[[{target.id}#{slug(rng.choice(target.headings))}]]"


def paragraph(rng: random.Random, pools: Pools, self_id: str) -> str:
    sentences = [sentence(rng) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.3:
        ref = cross_reference(rng, pools, self_id)
        sentences.insert(rng.randrange(len(sentences) + 1), f"See {ref} for more.")
    return " ".join(sentences)


def bullet_list(rng: random.Random) -> str:
    return "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(3, 6)))


def body(rng: random.Random, plan: Plan, pools: Pools, target_bytes: int) -> str:
    """Sections under the plan's headings, filled with prose up to about `target_bytes`."""
    per_section = max(200, target_bytes // len(plan.headings))
    typical_block = 500  # stop half a block early, so sizes centre on the target
    parts: list[str] = []
    for number, heading in enumerate(plan.headings):
        parts.append(f"## {heading}")
        written = 0
        while written < per_section - typical_block // 2:
            block = bullet_list(rng) if rng.random() < 0.15 else paragraph(rng, pools, plan.id)
            parts.append(block)
            written += len(block) + 2
        if number == 1 and rng.random() < 0.3:
            parts.append(f"### {rng.choice(SETTINGS).capitalize()}")
            parts.append(paragraph(rng, pools, plan.id))
    return "\n\n".join(parts) + "\n"


def quoted(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def summary(rng: random.Random) -> str:
    text = " ".join(sentence(rng) for _ in range(2))
    return text if len(text) < 290 else text[:280].rsplit(" ", 1)[0] + "."


def yaml_list(name: str, values: Sequence[str]) -> str:
    return f"{name}:\n" + "".join(f"  - {v}\n" for v in values)


def item_front_matter(rng: random.Random, plan: Plan, pools: Pools, as_of: date) -> str:
    lines = [f"title: {quoted(plan.title)}\n", f"published: {plan.published.isoformat()}\n"]
    if rng.random() < 0.1 and plan.published < as_of:
        lines.append(f"updated: {random_date(rng, plan.published, as_of).isoformat()}\n")
    lines.append(f"summary: {quoted(summary(rng))}\n")
    lines.append(f"themes: [{', '.join(rng.sample(THEMES, rng.randint(1, 3)))}]\n")
    lines.append(f"audience: [{', '.join(rng.sample(AUDIENCES, rng.randint(1, 3)))}]\n")
    guidance = [g.id if rng.random() < 0.4 else f"{g.id}#{rng.choice(list(g.sections))}"
                for g in pick(rng, pools.guidance, 3)]
    if guidance:
        lines.append(yaml_list("guidance", guidance))
    if plan.kind == "briefing":
        reviews = [r.id for r in pick(rng, pools.reviews, 2)]
        if reviews:
            lines.append(yaml_list("reviews", reviews))
        if plan.seven_minute:
            lines.append("format: seven-minute\n")
    else:
        review_type = rng.choice(REVIEW_TYPES)
        lines.append(f"review_type: {review_type}\n")
        lines.append(f"subject: {quoted('Child ' + plan.id.rsplit('-', 1)[1].upper())}\n")
        lines.append(f"agencies: {json.dumps(rng.sample(AGENCIES, rng.randint(2, 5)))}\n")
        if plan.report:
            lines.append(f"report: {plan.id}-report.pdf\n")
        if review_type == "national-review":
            lines.append(f"url: https://www.example.gov.uk/national-reviews/{plan.id}\n")
    if plan.status == "draft":
        lines.append("status: draft\n")
    return "---\n" + "".join(lines) + "---\n\n"


def guidance_front_matter(rng: random.Random, plan: Plan) -> str:
    lines = [f"title: {quoted(plan.title)}\n", f"publisher: {quoted(rng.choice(PUBLISHERS))}\n",
             f"published: {plan.published.year}\n",
             f"url: https://www.example.gov.uk/guidance/{plan.id}\n",
             f"summary: {quoted(summary(rng))}\n", "sections:\n"]
    lines += [f"  {key}: {quoted(label)}\n" for key, label in plan.sections.items()]
    lines.append(yaml_list("aliases", [plan.title.split(":")[0] + " " + plan.id[-3:].upper()]))
    if plan.superseded_by:
        lines.append(f"superseded_by: {plan.superseded_by}\n")
    return "---\n" + "".join(lines) + "---\n\n"


def extra_links(rng: random.Random, plan: Plan, pools: Pools) -> str:
    """Ordinary relative Markdown links: to a report, or to a sibling briefing."""
    if plan.report:
        return f"\n[Read the full report]({plan.id}-report.pdf).\n"
    if plan.kind == "briefing" and pools.briefings and rng.random() < 0.1:
        other = rng.choice(pools.briefings)
        if other.id != plan.id:
            return f"\n[A related briefing]({other.id}.md) covers similar ground.\n"
    return ""


def render(rng: random.Random, plan: Plan, pools: Pools, kb: int, as_of: date) -> str:
    if plan.kind == "guidance":
        head = guidance_front_matter(rng, plan)
    else:
        head = item_front_matter(rng, plan, pools, as_of)
    text = body(rng, plan, pools, max(200, kb * 1024 - len(head)))
    return head + text + extra_links(rng, plan, pools)


@dataclass
class Corpus:
    root: Path
    config: Path
    item_paths: list[Path]
    counts: dict[str, int]

    @property
    def megabytes(self) -> float:
        return sum(p.stat().st_size for p in self.item_paths) / 1e6


def folder_of(root: Path, kind: str) -> Path:
    return {"briefing": root / "briefings", "review": root / "reviews",
            "guidance": root / "content" / "guidance"}[kind]


def prepare_folder(root: Path) -> None:
    """Empty `root` if this script made it; refuse to touch any other non-empty folder."""
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).exists():
            raise SystemExit(f"{root} is not empty and was not made by bench.py; "
                             "give an empty or new folder with --out")
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("written by benchmarks/bench.py\n", encoding="utf-8")


def generate(root: Path, items: int, kb: int, seed: int, as_of: date) -> Corpus:
    """Write a whole site project of `items` items into `root`."""
    rng = random.Random(seed)
    prepare_folder(root)
    plans = plan_corpus(items, rng, as_of)
    pools = public_pools(plans, as_of)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for kind in ("briefing", "review", "guidance"):
        folder_of(root, kind).mkdir(parents=True, exist_ok=True)
    (root / "content" / "index.md").write_text(INDEX_PAGE, encoding="utf-8")
    (root / "content" / "accessibility.md").write_text(ACCESSIBILITY_PAGE, encoding="utf-8")
    paths, counts = [], {"briefing": 0, "review": 0, "guidance": 0}
    for plan in plans:
        path = folder_of(root, plan.kind) / f"{plan.id}.md"
        path.write_text(render(rng, plan, pools, kb, as_of), encoding="utf-8")
        if plan.report:
            (path.parent / f"{plan.id}-report.pdf").write_bytes(FAKE_PDF)
        paths.append(path)
        counts[plan.kind] += 1
    return Corpus(root, root / "mkdocs.yml", paths, counts)


def write_measures(root: Path, count: int, rng: random.Random) -> None:
    """`count` quarterly measures (two years each) in dashboard/, as a board would keep."""
    folder = root / "dashboard"
    folder.mkdir(exist_ok=True)
    units = ("percent", "count", "days")
    for index in range(count):
        unit = units[index % 3]
        top = {"percent": 100, "count": 900, "days": 30}[unit]
        values = "".join(f"  {year}-Q{quarter}: {rng.uniform(0, top):.1f}\n"
                         for year in (2025, 2026) for quarter in (1, 2, 3, 4))
        (folder / f"measure-{index:04d}.yml").write_text(
            f"title: Measure {index}\nunit: {unit}\ntarget: {top / 2}\nbetter: higher\n"
            f"priority: neglect\nvalues:\n{values}", encoding="utf-8")


def time_dashboard(config: Path, as_of: date) -> tuple[float, int]:
    """Seconds to make the dashboard's figures, charts and files, and how many files."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from safeguarding_learning.config import load_project
    from safeguarding_learning.core import load_corpus
    from safeguarding_learning.site.dashboard import Dashboard
    from safeguarding_learning.site.view import SiteView

    corpus = load_corpus(load_project(config), as_of)
    start = time.perf_counter()
    board = Dashboard(SiteView(corpus, as_of), corpus.measures)
    charts = [board.measure_chart(m) for m in board.measures]
    charts += [table.chart() for table in board.tables()]
    files = board.files()
    return time.perf_counter() - start, len(files)


# --- measuring ------------------------------------------------------------------------------


@dataclass
class ChildRun:
    exit_code: int
    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str

    def first_lines(self, count: int = 20) -> str:
        return "\n".join((self.stdout + self.stderr).splitlines()[:count])


def run_child(args: Sequence[str], env: Mapping[str, str] | None = None) -> ChildRun:
    """Run a command; wall time and this child's own peak RSS (via wait4).

    `env`: variables to set in the child's environment, on top of this process's own.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(list(args), stdout=out, stderr=err, cwd=ROOT,
                                   env={**os.environ, **env} if env else None)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(process.returncode, seconds, usage.ru_maxrss / 1024,
                        out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"))


def build_py(*args: str) -> list[str]:
    return [sys.executable, str(BUILD_PY), *args]


@dataclass
class CheckTimes:
    """Wall times of `build.py check` on one project, as an author meets them."""

    #: Best of `repeat` runs with --no-cache: every file read, nothing kept.
    cold: float
    #: The first check with an empty cache folder: every file read, and kept.
    first: float
    #: Best of `repeat` runs after it with nothing changed.
    again: float
    #: Best of `repeat` runs, each after an edit to one item.
    edited: float
    #: The last run after an edit (for its output and peak memory).
    last: ChildRun


def time_check(corpus: Corpus, repeat: int, as_of: str) -> CheckTimes:
    """Time check with nothing kept, then with what it keeps between runs (a store in a
    cache folder of its own, emptied first). The edited item is put back afterwards."""
    command = build_py("check", "--as-of", as_of, "-f", str(corpus.config))
    cold = min(run_child([*command, "--no-cache"]).seconds for _ in range(repeat))
    with tempfile.TemporaryDirectory() as cache_home:
        env = {"XDG_CACHE_HOME": cache_home}
        first = run_child(command, env).seconds
        again = min(run_child(command, env).seconds for _ in range(repeat))
        edited_path = corpus.item_paths[len(corpus.item_paths) // 2]
        original = edited_path.read_text(encoding="utf-8")
        runs = []
        try:
            for number in range(repeat):
                edited_path.write_text(f"{original}\nEdited, time {number + 1}.\n",
                                       encoding="utf-8")
                runs.append(run_child(command, env))
        finally:
            edited_path.write_text(original, encoding="utf-8")
    return CheckTimes(cold, first, again, min(run.seconds for run in runs), runs[-1])


def time_frontmatter(paths: Sequence[Path]) -> float:
    """Read and parse every file's front matter with python-frontmatter, in this process."""
    import frontmatter

    start = time.perf_counter()
    for path in paths:
        frontmatter.load(path)
    return time.perf_counter() - start


def html_files(folder: Path) -> Iterator[Path]:
    return (p for p in folder.rglob("*.html") if p.is_file())


def folder_megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def count_lines(text: str, marker: str) -> int:
    return sum(1 for line in text.splitlines() if marker in line)


def fail(what: str, run: ChildRun) -> None:
    sys.stdout.flush()
    print(f"{what} exited {run.exit_code}; first lines of its output:", file=sys.stderr)
    print(run.first_lines(), file=sys.stderr)
    raise SystemExit(1)


def bench_check(workdir: Path, args: argparse.Namespace) -> None:
    as_of = date.fromisoformat(args.as_of)
    start = time.perf_counter()
    corpus = generate(workdir / f"corpus-{args.items}", args.items, args.kb, args.seed, as_of)
    # Let the kernel write the new files out first: its write-back of 60 MB in the
    # background would otherwise slow the timed runs by a third (measured).
    os.sync()
    print(f"generated {len(corpus.item_paths)} items ({corpus.counts['briefing']} briefings, "
          f"{corpus.counts['review']} reviews, {corpus.counts['guidance']} guidance) "
          f"in {corpus.root} in {time.perf_counter() - start:.1f} s")
    times = time_check(corpus, args.repeat, args.as_of)
    last = times.last
    summary_line = last.stderr.strip().splitlines()[-1] if last.stderr.strip() else ""
    print(f"check exit code: {last.exit_code} ({summary_line})")
    if last.exit_code != 0:
        fail("check", last)
    baseline = time_frontmatter(corpus.item_paths)
    print(f"check: {len(corpus.item_paths)} items, {corpus.megabytes:.1f} MB, "
          f"{count_lines(last.stdout, ': warning: ')} warnings, peak RSS "
          f"{last.peak_rss_mb:.0f} MB (after an edit)\n"
          f"  nothing kept (--no-cache), best of {args.repeat}: {times.cold:.2f} s "
          f"(frontmatter parse baseline {baseline:.2f} s, "
          f"ratio {times.cold / max(baseline, 1e-9):.1f}x)\n"
          f"  first check, keeping what it read: {times.first:.2f} s\n"
          f"  again, nothing changed, best of {args.repeat}: {times.again:.2f} s\n"
          f"  after an edit to one item, best of {args.repeat}: {times.edited:.2f} s "
          f"({times.edited / times.cold:.2f}x nothing kept)")


def bench_build(workdir: Path, args: argparse.Namespace) -> None:
    as_of = date.fromisoformat(args.as_of)
    corpus = generate(workdir / f"corpus-{args.build_items}", args.build_items, args.kb,
                      args.seed, as_of)
    write_measures(corpus.root, args.measures, random.Random(args.seed))
    os.sync()  # as in bench_check: no write-back of the new files during the timed run
    site = workdir / f"site-{args.build_items}"  # build.py swaps a new site in whole
    run = run_child(build_py("build", "--as-of", args.as_of, "-d", str(site),
                             "-f", str(corpus.config)))
    print(f"build exit code: {run.exit_code}")
    if run.exit_code != 0:
        fail("build", run)
    pages = sum(1 for _ in html_files(site))
    print(f"build: {len(corpus.item_paths)} items, {corpus.megabytes:.1f} MB in, "
          f"{run.seconds:.2f} s, {pages} HTML files, {folder_megabytes(site):.1f} MB out, "
          f"peak RSS {run.peak_rss_mb:.0f} MB, "
          f"{count_lines(run.stdout, ': warning: ')} content warnings")
    dashboard_seconds, dashboard_files = time_dashboard(corpus.config, as_of)
    print(f"dashboard: {args.measures} measures, {dashboard_files} data files, figures and "
          f"charts in {dashboard_seconds:.2f} s ({dashboard_seconds / run.seconds:.1%} of the "
          f"build; the page itself is one more template)")
    # Anything else the build printed (MkDocs warnings, say) is worth a look.
    other = [line for line in (run.stdout + run.stderr).splitlines()
             if ": warning: " not in line and not line.startswith("built ")]
    for line in other[:10]:
        print(f"  build also said: {line}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=5000, help="items for check (5000)")
    parser.add_argument("--kb", type=int, default=12, help="size of each item in KB (12)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="check runs of each kind; best is kept (3)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--as-of", default=AS_OF, help=f"date for --as-of ({AS_OF})")
    parser.add_argument("--out", type=Path, default=None,
                        help="write the projects under this folder and keep them")
    parser.add_argument("--quick", action="store_true", help="500 items, 1 repeat")
    parser.add_argument("--build", action="store_true", help="also time one build")
    parser.add_argument("--build-items", type=int, default=1000,
                        help="items for the build corpus (1000)")
    parser.add_argument("--measures", type=int, default=200,
                        help="dashboard measures in the build corpus (200)")
    args = parser.parse_args(argv)
    if args.quick:
        args.items, args.repeat = 500, 1
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sl-bench-") as scratch:
        workdir = args.out.resolve() if args.out else Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, as of {args.as_of}")
        bench_check(workdir, args)
        if args.build:
            bench_build(workdir, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
