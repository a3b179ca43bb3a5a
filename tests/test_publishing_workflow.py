"""The deployment files, read as GitHub Actions and Netlify read them: the GitHub Pages
workflow (.github/workflows/publish.yml) and netlify.toml."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import ROOT, Site, briefing
from packaging.specifiers import SpecifierSet
from safeguarding_learning.cli import make_parser
from safeguarding_learning.config import load_project
from safeguarding_learning.core.output_dir import default_output

WORKFLOW: dict[str, Any] = yaml.safe_load(
    (ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
TRIGGERS: dict[str, Any] = WORKFLOW[True]  # PyYAML reads the key `on:` as True
JOBS: dict[str, dict[str, Any]] = WORKFLOW["jobs"]
NETLIFY: dict[str, Any] = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
NETLIFY_CONTEXTS = {"production": NETLIFY["build"], **NETLIFY["context"]}
PUBLIC_EVENTS = ("push", "schedule", "workflow_dispatch")
Matcher = Callable[[dict[str, Any], list[str] | None], bool]  # a step and its build.py args


def build_py_args(command: str) -> list[str] | None:
    """The arguments `build.py` gets from one shell line, or None if it runs no build.py.

    `./scripts/build-site ARGS` runs `build.py build ARGS`."""
    if "build.py" not in command and "scripts/build-site" not in command:
        return None
    words = shlex.split(command)
    for i, word in enumerate(words):
        if word.endswith("build.py"):
            return words[i + 1:]
        if word.endswith("scripts/build-site"):
            return ["build", *words[i + 1:]]
    return None


def workflow_commands(job: str) -> list[list[str] | None]:
    """Per step of `job`: the build.py arguments its `run` gives (None for other steps)."""
    found: list[list[str] | None] = []
    for step in JOBS[job]["steps"]:
        lines = [build_py_args(line) for line in step.get("run", "").splitlines()]
        found.append(next((args for args in lines if args is not None), None))
    return found


def index(job: str, matches: Matcher) -> int:
    """The position of the one step of `job` that `matches(step, build_py_args)` accepts."""
    steps = JOBS[job]["steps"]
    hits = [i for i, (step, args) in enumerate(zip(steps, workflow_commands(job), strict=True))
            if matches(step, args)]
    assert len(hits) == 1, f"{job}: {len(hits)} steps match, expected one"
    return hits[0]


def uses(action: str) -> Matcher:
    return lambda step, _args: step.get("uses", "").split("@")[0] == action


def runs(command: str, **options: object) -> Matcher:
    """Matches a step whose build.py command is `command` with these parsed options."""
    def matches(_step: dict[str, Any], args: list[str] | None) -> bool:
        if not args or args[0] != command:
            return False
        parsed = vars(make_parser().parse_args(args))
        return all(parsed[key] == value for key, value in options.items())
    return matches


def job_runs(name: str, event: str) -> bool:
    """Whether GitHub runs job `name` for `event`: its `if:` holds and every job it needs runs.

    Understands the only condition form the workflow uses: github.event_name ==/!= 'name'."""
    job = JOBS[name]
    needs = job.get("needs", [])
    if not all(job_runs(need, event) for need in ([needs] if isinstance(needs, str) else needs)):
        return False
    condition = job.get("if")
    if condition is None:
        return True
    match = re.fullmatch(r"(?:\$\{\{\s*)?github\.event_name\s*(==|!=)\s*'(\w+)'(?:\s*\}\})?",
                         condition.strip())
    assert match, f"job {name}: a condition this test cannot read: {condition}"
    return (event == match[2]) == (match[1] == "==")


def project_output(args: list[str]) -> Path:
    """The folder `build.py build ARGS` writes, as build_site decides it."""
    parsed = make_parser().parse_args(args)
    project = load_project(ROOT / "mkdocs.yml")
    return (parsed.site_dir or default_output(project, parsed.preview)).resolve()


def test_triggers_are_main_pull_requests_by_hand_and_daily() -> None:
    assert TRIGGERS["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in TRIGGERS and "pull_request" in TRIGGERS


@pytest.mark.parametrize("day", [date(2027, 1, 15), date(2027, 7, 15)], ids=["GMT", "BST"])
def test_a_daily_run_falls_just_after_uk_midnight(day: date) -> None:
    """Embargoes lift on their UK date: some run starts within 15 minutes of UK midnight."""
    minutes_into_uk_day = []
    for entry in TRIGGERS["schedule"]:
        minute, hour, *rest = entry["cron"].split()
        assert rest == ["*", "*", "*"], f"not a daily run: {entry['cron']}"
        utc = datetime(day.year, day.month, day.day, int(hour), int(minute), tzinfo=UTC)
        uk = utc.astimezone(ZoneInfo("Europe/London"))
        minutes_into_uk_day.append(uk.hour * 60 + uk.minute)
    assert min(minutes_into_uk_day) < 15, minutes_into_uk_day


@pytest.mark.parametrize("event", [*PUBLIC_EVENTS, "pull_request"])
def test_pull_requests_get_only_a_preview_and_the_rest_only_a_deployment(event: str) -> None:
    expected = {"preview"} if event == "pull_request" else {"build", "deploy"}
    assert {name for name in JOBS if job_runs(name, event)} == expected


def test_build_job_checks_builds_the_public_site_and_uploads_it_for_pages() -> None:
    order = [index("build", uses("actions/checkout")),
             index("build", uses("actions/setup-python")),
             index("build", lambda step, _: "scripts/_env.sh" in step.get("run", "")),
             check := index("build", runs("check", format="github")),
             build := index("build", runs("build", preview=False)),
             upload := index("build", uses("actions/upload-pages-artifact"))]
    assert order == sorted(order)
    steps = JOBS["build"]["steps"]
    # the check annotates; only the build may stop a deployment
    assert steps[check].get("continue-on-error") is True
    assert not steps[build].get("continue-on-error")
    pages_folder = (ROOT / steps[upload]["with"]["path"]).resolve()
    assert pages_folder == project_output(workflow_commands("build")[build] or [])
    assert pages_folder == load_project(ROOT / "mkdocs.yml").site_dir.resolve()


def test_deploy_job_deploys_the_build_to_pages_one_at_a_time() -> None:
    deploy = JOBS["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "page_url" in deploy["environment"]["url"]
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    index("deploy", uses("actions/deploy-pages"))
    assert WORKFLOW["permissions"] == {"contents": "read"}  # nothing else may write


def test_preview_job_builds_a_preview_and_offers_it_as_a_download() -> None:
    build = index("preview", runs("build", preview=True))
    upload = index("preview", uses("actions/upload-artifact"))
    summary = index("preview", lambda step, _: "GITHUB_STEP_SUMMARY" in step.get("run", ""))
    assert build < upload < summary
    steps = JOBS["preview"]["steps"]
    uploaded = (ROOT / steps[upload]["with"]["path"]).resolve()
    assert uploaded == project_output(workflow_commands("preview")[build] or [])
    assert uploaded != load_project(ROOT / "mkdocs.yml").site_dir.resolve()
    assert not any(uses("actions/upload-pages-artifact")(step, None) for step in steps)


@pytest.mark.parametrize("context", sorted(NETLIFY_CONTEXTS))
def test_netlify_publishes_the_folder_its_command_builds(context: str) -> None:
    """Production publishes the public build; pull-request and branch deploys a preview."""
    settings = {**NETLIFY["build"], **NETLIFY_CONTEXTS[context]}
    args = build_py_args(settings["command"])
    assert args is not None and args[0] == "build"
    assert make_parser().parse_args(args).preview is (context != "production")
    assert (ROOT / settings["publish"]).resolve() == project_output(args)


def test_every_build_is_dated_in_the_uk_with_a_supported_python() -> None:
    for job in JOBS:  # TZ as each build.py step sees it: workflow, then job, then step env
        for step, args in zip(JOBS[job]["steps"], workflow_commands(job), strict=True):
            env = {**WORKFLOW.get("env", {}), **JOBS[job].get("env", {}), **step.get("env", {})}
            assert args is None or env.get("TZ") == "Europe/London", (job, step)
    assert NETLIFY["build"]["environment"]["TZ"] == "Europe/London"
    supported = SpecifierSet(tomllib.loads(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"])
    versions = {NETLIFY["build"]["environment"]["PYTHON_VERSION"]} | {
        step["with"]["python-version"] for job in ("build", "preview")
        for step in JOBS[job]["steps"] if uses("actions/setup-python")(step, None)}
    # "3.11" asks the host for its newest 3.11 release; requires-python names the first
    # 3.11 release whose `re` matches possessive quantifiers rightly
    assert versions == {"3.11"} and "3.11.5" in supported and "3.11.4" not in supported


COMMANDS = [(f"{job} step {i + 1}", args) for job in JOBS
            for i, args in enumerate(workflow_commands(job)) if args is not None]
COMMANDS += [(f"netlify {context}", build_py_args(settings["command"]))
             for context, settings in NETLIFY_CONTEXTS.items() if "command" in settings]


@pytest.mark.parametrize(("where", "args"), COMMANDS, ids=[where for where, _ in COMMANDS])
def test_every_build_py_command_line_is_one_build_py_accepts(where: str, args: list[str]) -> None:
    try:
        make_parser().parse_args(args)
    except SystemExit:
        pytest.fail(f"{where}: build.py refuses {shlex.join(args)!r} (see its usage above)")


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_today_is_the_uk_date_whatever_the_machines_time_zone(site: Site, zone: str) -> None:
    """UTC+14 and UTC-11 are 25 hours apart: at any moment one of them is on another
    date than the UK. A build with no --as-of judges embargoes by the UK's date."""
    uk_today = datetime.now(ZoneInfo("Europe/London")).date()
    site.write("briefings/today.md", briefing("Out today", published=uk_today.isoformat()))
    site.write("briefings/tomorrow.md", briefing(
        "Out tomorrow", published=(uk_today + timedelta(days=1)).isoformat()))
    out = site.root / "out"
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "-d", str(out),
                           "-f", str(site.root / "mkdocs.yml")], capture_output=True, text=True,
                          env={**os.environ, "TZ": zone})
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"as of {uk_today.isoformat()}" in done.stdout + done.stderr
    assert (out / "briefings/today/index.html").exists()
    assert not (out / "briefings/tomorrow").exists()
