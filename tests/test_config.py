"""One config reading: every command reads mkdocs.yml with MkDocs' own loader."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import CONFIG, ROOT, Site, briefing, with_plugin_option


def test_inherit_is_read_as_mkdocs_reads_it(site: Site) -> None:
    """Options inherited from a base config apply to check and build alike."""
    site.write("base.yml", CONFIG.replace(
        "personal_data_allowlist", "themes:\n        county-lines: County lines\n      "
        "personal_data_allowlist"))
    site.write("mkdocs.yml", "INHERIT: base.yml\nsite_name: Inherited partnership\n")
    site.write("briefings/x.md", briefing().replace("[neglect]", "[county-lines]"))
    assert site.check().lines == []
    assert site.build().exit_code == 0
    assert "Inherited partnership" in site.html("index.html")
    assert "County lines" in site.html("briefings/x/index.html")


def test_env_tags_are_read_as_mkdocs_reads_them(site: Site, monkeypatch) -> None:
    monkeypatch.setenv("SL_SITE_NAME", "Partnership from the environment")
    monkeypatch.setenv("SL_EXIT", "https://www.example.org/weather")
    site.write("mkdocs.yml", CONFIG.replace("site_name: Test partnership",
                                            "site_name: !ENV SL_SITE_NAME").replace(
        "personal_data_allowlist", "exit_this_page: !ENV [SL_EXIT, https://x.example]\n      "
        "personal_data_allowlist"))
    site.write("briefings/x.md", briefing())
    assert site.check().exit_code == 0
    assert site.build().exit_code == 0
    home = site.html("index.html")
    assert "Partnership from the environment" in home
    assert 'href="https://www.example.org/weather"' in home


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("change, message", [
    (("name: material", "name: materail"),
     "mkdocs.yml: error: Config value 'theme': Unrecognised theme name: 'materail'"),
    (("personal_data_allowlist", "themes: [Not An Id]\n      personal_data_allowlist"),
     "option 'themes': 'Not An Id' is not a valid id"),
    (("personal_data_allowlist", "exit_this_page: www.bbc.co.uk\n      personal_data_allowlist"),
     "option 'exit_this_page': must be a full web address a browser can open"),
    # The safety button stayed on the page: location.replace refused these.
    (("personal_data_allowlist", "exit_this_page: https://\n      personal_data_allowlist"),
     "option 'exit_this_page': must be a full web address a browser can open"),
    (("personal_data_allowlist", "exit_this_page: https://[bad\n      personal_data_allowlist"),
     "option 'exit_this_page': must be a full web address a browser can open"),
    (("personal_data_allowlist", "exit_this_page: https://www.bbc .co.uk/weather\n      "
                                 "personal_data_allowlist"),
     "option 'exit_this_page': must be a full web address a browser can open"),
    (("personal_data_allowlist", "as_of: 26/11/2026\n      personal_data_allowlist"),
     "option 'as_of': '26/11/2026' is not a date written YYYY-MM-DD"),
    (("personal_data_allowlist", "search_pages_per_part: 0\n      personal_data_allowlist"),
     "option 'search_pages_per_part': must be a whole number, at least 1"),
    (("personal_data_allowlist", "as_of: 2026-02-30\n      personal_data_allowlist"),
     "mkdocs.yml: error: a value cannot be read (day is out of range for month)"),
    (("personal_data_allowlist", "reviews_dir: ../outside\n      personal_data_allowlist"),
     "mkdocs.yml:8: error: 'reviews_dir: ../outside' is outside the site project"),
    (("personal_data_allowlist", "audits_dir: /tmp\n      personal_data_allowlist"),
     "mkdocs.yml:8: error: 'audits_dir: /tmp' is outside the site project"),
    (("personal_data_allowlist", "reviews_dir: briefings\n      personal_data_allowlist"),
     "'reviews_dir: briefings' names the folder 'briefings_dir' names too"),
    (("personal_data_allowlist", "briefings_dir: content\n      personal_data_allowlist"),
     "'briefings_dir: content' names the folder 'docs_dir' names too"),
    (("personal_data_allowlist", "briefings_dir: content/b\n      personal_data_allowlist"),
     "'briefings_dir: content/b' is inside docs_dir"),
    (("personal_data_allowlist", "dashboard_dir: .\n      personal_data_allowlist"),
     "'dashboard_dir: .' is the project folder itself"),
    # A name written out must be there: a slip would leave every item out without a word.
    (("personal_data_allowlist", "audits_dir: audit-summaries\n      personal_data_allowlist"),
     "mkdocs.yml:8: error: 'audits_dir: audit-summaries': there is no such folder; create it, "
     "or correct the name"),
    (("personal_data_allowlist", "dashboard_dir: mkdocs.yml\n      personal_data_allowlist"),
     "mkdocs.yml:8: error: 'dashboard_dir: mkdocs.yml' is a file, not a folder"),
    (("personal_data_allowlist", "themes:\n        neglect:\n      personal_data_allowlist"),
     "option 'themes': 'neglect' needs its label as text, e.g. neglect: Neglect"),
    (("personal_data_allowlist", "audiences: {}\n      personal_data_allowlist"),
     "option 'audiences': map each id to its label, e.g. professionals: Professionals"),
    (("personal_data_allowlist", "themes: {Bad One: X, Bad Two: Y}\n      "
                                 "personal_data_allowlist"),
     "'Bad One' is not a valid id (lower-case letters, digits, hyphens); 'Bad Two' is not"),
    # Material prints these into every page as written.
    (("site_name: Test partnership", "site_name: 'Test<meta http-equiv=refresh>'"),
     "mkdocs.yml:1: error: 'site_name' may not hold '<': the theme prints it into every page"),
    (("site_name: Test partnership", "site_name: Test\nsite_description: 'a\"><b>'"),
     "mkdocs.yml:2: error: 'site_description' may not hold '\"'"),
    (("site_name: Test partnership", "site_name: Test\nsite_author: 'A\"><meta>'"),
     "mkdocs.yml:2: error: 'site_author' may not hold '\"'"),
    (("site_name: Test partnership", "site_name: 'Children &amp; Families'"),
     "mkdocs.yml:1: error: 'site_name' may not hold '&amp;': some places show it as it is "
     "written, others as the character it stands for; write '&' itself"),
    (("site_name: Test partnership", "site_name: Test\nrepo_name: 'RN <img src=x>'"),
     "mkdocs.yml:2: error: 'repo_name' may not hold '<'"),
    (("site_name: Test partnership", "site_name: Test\nnav:\n  - Home: index.md\n"
      "  - \"About <meta http-equiv=refresh content='0;url=https://example.org'>\": a.md"),
     "mkdocs.yml:4: error: 'nav' has a title ('About <meta http-equiv=refresh "
     "content='0;url=https://examp…') that may not hold '<'"),
])
def test_config_errors_exit_2_from_every_command(
        site: Site, command: str, change: tuple[str, str], message: str) -> None:
    site.write("mkdocs.yml", CONFIG.replace(*change))
    result = site.run(command, "--as-of", "2026-11-26")
    assert result.exit_code == 2
    assert message in result.err
    assert not (site.root / "site").exists()


def test_a_folder_option_spelt_nearly_as_a_folder_there_is_named(site: Site) -> None:
    site.write("briefings/a.md", briefing())
    site.write("mkdocs.yml", with_plugin_option(CONFIG, "briefings_dir: briefing"))
    result = site.check()
    assert result.exit_code == 2
    assert "'briefings_dir: briefing': there is no such folder (did you mean 'briefings'?)" \
        in result.err
    site.write("mkdocs.yml", with_plugin_option(CONFIG, "briefings_dir: briefings"))
    (site.root / "briefings/a.md").unlink()
    (site.root / "briefings").rmdir()
    assert site.check().exit_code == 0  # the usual name, not there yet: a new site


def test_as_of_and_preview_are_plugin_options_the_command_line_overrides(site: Site) -> None:
    """mkdocs.yml may set as_of for plain `mkdocs build`; --as-of wins for build.py."""
    site.write("mkdocs.yml", CONFIG.replace(
        "personal_data_allowlist", "as_of: 2030-01-01\n      personal_data_allowlist"))
    site.write("briefings/later.md", briefing("Later briefing", "2028-06-01"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                             str(site.root / "mkdocs.yml")], capture_output=True, text=True,
                            timeout=120, cwd=site.root, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert (site.root / "site/briefings/later/index.html").exists()
    assert site.run("build", "--as-of", "2026-11-26").exit_code == 0
    assert not (site.root / "site/briefings/later/index.html").exists()


def test_plain_mkdocs_build_reads_the_example_config(tmp_path) -> None:
    """The example site builds with plain MkDocs too (the plugin's options validate)."""
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out),
                             "-f", str(ROOT / "mkdocs.yml")], capture_output=True, text=True,
                            timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").exists()


def test_markdown_extensions_whose_output_is_removed_or_unchecked_are_named(site: Site) -> None:
    """Snippets would put unchecked text into pages: an error. A task list's checkboxes
    would be removed from every page: a warning."""
    site.write("mkdocs.yml", CONFIG + "markdown_extensions:\n  - tables\n  - pymdownx.snippets\n"
               "  - pymdownx.tasklist\n")
    result = site.check()
    assert result.exit_code == 1
    assert [line.split(" (")[0] for line in result.lines] == [
        "mkdocs.yml:11: error: markdown_extensions: 'pymdownx.snippets' puts other files' text "
        "into pages, where check cannot read it for personal data",
        "mkdocs.yml:12: warning: markdown_extensions: 'pymdownx.tasklist' writes checkboxes, "
        "which the site's allowlist removes from every page",
    ]


def test_the_config_file_may_be_given_as_the_projects_folder(site: Site) -> None:
    site.write("briefings/x.md", briefing())
    from safeguarding_learning.cli import main
    assert main(["check", "--as-of", "2026-11-26", "-f", str(site.root)]) == 0


def test_config_errors_reach_machine_readable_output_at_their_line(site: Site) -> None:
    """`check --format json|github` printed nothing on stdout for mkdocs.yml's errors,
    so a workflow showed no annotation for them."""
    import json

    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", config.replace("theme:\n", "theme:\n   bad: [\n", 1))
    result = site.run("check", "--format", "json")
    assert result.exit_code == 2
    (problem,) = json.loads(result.out)
    assert (problem["path"], problem["severity"]) == ("mkdocs.yml", "error")
    assert problem["message"].startswith("the file is not valid YAML")
    assert problem["line"] == config.splitlines().index("theme:") + 2
    github = site.run("check", "--format", "github").out
    assert github.startswith(f"::error file=mkdocs.yml,line={problem['line']},title=check::")


def test_an_exit_address_in_capitals_is_taken_in_small_letters(site: Site) -> None:
    site.write("mkdocs.yml", with_plugin_option(CONFIG, "exit_this_page: HTTPS://www.bbc.co.uk/"))
    assert site.check().exit_code == 0
    assert site.build().exit_code == 0
    assert 'href="https://www.bbc.co.uk/"' in site.html("index.html")
