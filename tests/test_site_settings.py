"""mkdocs.yml is author input too: what it says reaches pages as text, never as code."""

from __future__ import annotations

from pathlib import Path

import jinja2
import material
import pytest
from conftest import CONFIG, Site
from safeguarding_learning.site.security import TemplateScripts, inline_script_hashes

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
OVERRIDES = Path(__file__).resolve().parents[1] / "plugins/safeguarding_learning/overrides"

#: Values of `extra.scope` that end the template's string and run as code.
HOSTILE_SCOPES = ['/"+alert(document.domain)+"', '/");alert(1);//', "/\\", "/\n"]


def material_scope_script(scope: object) -> str:
    """Material's first inline script, as it prints `extra.scope` (MkDocs does not escape)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(MATERIAL_TEMPLATES))
    return env.get_template("partials/javascripts/base.html").render(
        config={"extra": {"scope": scope}}, base_url="..")


@pytest.mark.parametrize("scope", HOSTILE_SCOPES)
def test_a_printed_value_that_ends_its_string_makes_the_script_unknown(scope: str) -> None:
    """Such a script is not the template's: it is refused, so it never gets a hash."""
    known = TemplateScripts.of([MATERIAL_TEMPLATES, OVERRIDES])
    page = material_scope_script(scope)
    assert known.unknown(page) != []


@pytest.mark.parametrize("scope", ["/", "/learning/", "https://example.org/learning/", None])
def test_a_printed_value_that_stays_in_its_string_is_known(scope: str | None) -> None:
    known = TemplateScripts.of([MATERIAL_TEMPLATES, OVERRIDES])
    assert known.unknown(material_scope_script(scope)) == []


def test_a_value_printed_through_tojson_may_be_one_json_string_only(tmp_path: Path) -> None:
    """`tojson` makes a string safe where the template writes no quotes around it; a
    value printed without `tojson` outside a string may be a number, nothing more."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "a.html").write_text(
        "<script>var base = {{ base | tojson }}; var n = {{ count }}; go(base, n)</script>",
        encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates))
    known = TemplateScripts.of([templates])

    def unknown(**values: object) -> list[str]:
        return known.unknown(env.get_template("a.html").render(**values))

    assert unknown(base='../"x\\y</script>', count=3) == []
    assert unknown(base=["..", "alert(1)"], count=3) != []
    assert unknown(base={"a": "b"}, count=3) != []
    assert unknown(base="..", count="alert(1)") != []
    assert unknown(base="..", count="1;alert(1)") != []


def test_a_hostile_scope_stops_the_build_even_past_check(
        site: Site, monkeypatch, caplog) -> None:
    """Were check to let it through, the page's policy would allow the script by its hash:
    the build stops instead, and nothing is written."""
    from safeguarding_learning import config

    monkeypatch.setattr(config, "config_problems", lambda _config: [])
    site.write("mkdocs.yml", CONFIG.replace(
        "plugins:", "extra:\n  scope: '/\"+alert(document.domain)+\"'\nplugins:"))
    result = site.build()
    assert result.exit_code != 0
    # MkDocs logs why (to the stream its logger was first given, in a test run).
    assert "a script that no template of the site writes" in result.err + caplog.text
    assert not (site.root / "site").exists()


def test_a_benign_scope_builds_and_its_script_is_hashed(site: Site) -> None:
    site.write("mkdocs.yml", CONFIG.replace("plugins:", "extra:\n  scope: /learning/\nplugins:"))
    assert site.build().exit_code == 0
    home = site.html("index.html")
    assert '__md_scope=new URL("/learning/",location)' in home
    script = home.split("<script>__md_scope=", 1)[1].split("</script>", 1)[0]
    assert inline_script_hashes(f"<script>__md_scope={script}</script>")[0] in home


# --- check refuses what the theme would print as code or markup --------------------


def config_error(site: Site, config: str, command: str = "check") -> str:
    """The one line of error `command` gives for mkdocs.yml `config`; exit 2 asserted,
    nothing built."""
    site.write("mkdocs.yml", config)
    result = site.run(command, "--as-of", "2026-11-26")
    assert "Traceback" not in result.err
    assert result.exit_code == 2, result.out + result.err
    assert not (site.root / "site").exists()
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.err
    return errors[0]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("scope", HOSTILE_SCOPES[:2])
def test_check_refuses_a_scope_that_would_be_code(site: Site, command: str, scope: str) -> None:
    written = scope.replace("'", "''")
    error = config_error(site, CONFIG.replace("plugins:", f"extra:\n  scope: '{written}'\n"
                                                          "plugins:"), command)
    assert error.startswith("mkdocs.yml:7: error: 'extra.scope'"), error


def before_plugins(text: str) -> str:
    """The test config with `text` written before `plugins:` (at line 6)."""
    return CONFIG.replace("plugins:", f"{text}plugins:")


def in_theme(text: str) -> str:
    """The test config with `text` written under `theme:` (at line 6)."""
    return CONFIG.replace("  name: material\n", f"  name: material\n{text}")


REFUSED = [
    # Markup and character references in every name and value under extra: and theme:
    (before_plugins("extra:\n  social:\n    - icon: fontawesome/brands/github\n"
                    "      name: '<b>x</b>'\n"),
     "mkdocs.yml:9: error: 'extra.social[0].name' may not hold '<'"),
    (before_plugins("extra:\n  'a\"b': 1\n"),
     "mkdocs.yml:7: error: 'extra' has a name ('a\"b') that may not hold '\"'"),
    (before_plugins("extra:\n  note: 'Children &#60;b&#62;'\n"),
     "mkdocs.yml:7: error: 'extra.note' may not hold '&#60;'"),
    (in_theme("  palette: {primary: '&lt;x'}\n"),
     "mkdocs.yml:6: error: 'theme.palette.primary' may not hold '&lt;'"),
    (in_theme("  icon:\n    admonition:\n      note: 'x&#x3c;y'\n"),
     "mkdocs.yml:8: error: 'theme.icon.admonition.note' may not hold '&#x3c;'"),
    (before_plugins("repo_url: https://github.com/example/site\n"
                    "edit_uri_template: 'blob/main/{path}\"><b>'\n"),
     "mkdocs.yml:7: error: 'edit_uri_template' may not hold '\"'"),
    # Links a reader follows, and the site's own path
    (before_plugins("extra:\n  social:\n    - icon: fontawesome/brands/github\n"
                    "      link: 'javascript:alert(1)'\n"),
     "mkdocs.yml:9: error: 'extra.social[0].link' is 'javascript:alert(1)', which is not a "
     "web address"),
    (before_plugins("extra:\n  homepage: 'data:text/html,x'\n"),
     "mkdocs.yml:7: error: 'extra.homepage' is 'data:text/html,x', which is not a web address"),
    (before_plugins("extra:\n  scope: 'VBScript:x'\n"),
     "mkdocs.yml:7: error: 'extra.scope' is 'VBScript:x', which is not a web address"),
    (before_plugins("extra:\n  scope: \"/'+alert(1)+'\"\n"),
     "mkdocs.yml:7: error: 'extra.scope' is '/'+alert(1)+'', which is not a web address"),
    # Nothing from another website, no scripts, no tracking
    (in_theme("  favicon: https://evil.example/f.png\n"),
     "mkdocs.yml:6: error: 'theme.favicon' is 'https://evil.example/f.png': the site loads "
     "nothing from another website"),
    (in_theme("  logo: //evil.example/l.png\n"),
     "mkdocs.yml:6: error: 'theme.logo' is '//evil.example/l.png': the site loads nothing"),
    (before_plugins("extra:\n  polyfills:\n    - https://cdn.example/p.js\n"),
     "mkdocs.yml:8: error: 'extra.polyfills[0]' is 'https://cdn.example/p.js'"),
    (before_plugins("extra:\n  analytics:\n    provider: google\n    property: G-ABC123\n"),
     "mkdocs.yml:7: error: 'extra.analytics' would tell another website who reads the "
     "site's pages"),
    (before_plugins("extra_javascript:\n  - js/extra.js\n"),
     "mkdocs.yml:7: error: 'extra_javascript' may not add scripts ('js/extra.js')"),
    (before_plugins("extra_css:\n  - css/own.css\n  - https://cdn.example/x.css\n"),
     "mkdocs.yml:8: error: 'extra_css[1]' is 'https://cdn.example/x.css': the site loads "
     "nothing from another website"),
    # Addresses
    (before_plugins("repo_url: 'javascript://example.org/%0aalert(1)'\n"),
     "mkdocs.yml:6: error: 'repo_url' must be a web address starting https://"),
    (before_plugins("nav:\n  - Home: index.md\n"
                    "  - '\"><meta http-equiv=refresh content=0;url=https://evil.example>'\n"),
     "mkdocs.yml:8: error: 'nav' leads '\"><meta http-equiv=refresh content=0;url=https://e"),
    (before_plugins("nav:\n  - Home: index.md\n  - Help: javascript:alert(1)\n"),
     "mkdocs.yml:8: error: 'nav' leads 'Help' to 'javascript:alert(1)', which is neither a "
     "page nor a web link"),
    (before_plugins("nav:\n  - Home: index.md\n  - More:\n      - Help: 'data:text/html,x'\n"),
     "mkdocs.yml:9: error: 'nav' leads 'Help' to 'data:text/html,x'"),
    (CONFIG.replace("site_url: https://example.org/learning/",
                    "site_url: https://example.org/learning/?from=x"),
     "mkdocs.yml:2: error: 'site_url' must be the site's address alone"),
    (CONFIG.replace("site_url: https://example.org/learning/",
                    "site_url: 'https://example.org/my learning/'"),
     "mkdocs.yml:2: error: 'site_url' must be the site's address alone"),
    # Material printed the table of contents' title into every page as it is written.
    (before_plugins("markdown_extensions:\n  - toc:\n      title: '<meta http-equiv=\"refresh\" "
                    "content=\"0;url=https://evil.example\">'\n"),
     "mkdocs.yml:8: error: markdown_extensions: the option 'toc.title' may not hold '<'"),
]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("config, expected", REFUSED)
def test_check_refuses_what_mkdocs_yml_may_not_publish(
        site: Site, command: str, config: str, expected: str) -> None:
    """Each at its line, exit 2; a build writes nothing, so the value reaches no page."""
    assert config_error(site, config, command).startswith(expected)


def test_ordinary_settings_build_and_show(site: Site) -> None:
    """Web links, the site's own files, pages and mail and phone links in `nav:` pass."""
    site.write("content/images/logo.png", "not really a picture")
    site.write("mkdocs.yml", in_theme("  logo: images/logo.png\n  favicon: images/logo.png\n")
               .replace("plugins:", "extra:\n  homepage: /learning/\n  scope: /learning/\n"
                        "  social:\n    - icon: fontawesome/brands/github\n"
                        "      link: https://github.com/example\n"
                        "    - icon: fontawesome/solid/envelope\n"
                        "      link: mailto:safeguarding@example.org\n"
                        "repo_url: https://github.com/example/site\n"
                        "nav:\n  - Home: index.md\n  - Working Together: https://www.gov.uk/wt\n"
                        "  - Email us: mailto:safeguarding@example.org\n"
                        "  - Ring us: tel:01134960000\n"
                        "markdown_extensions:\n  - toc:\n      title: Contents\n"
                        "plugins:"))
    result = site.check()
    assert result.exit_code == 0, result.out + result.err
    assert site.build().exit_code == 0
    home = site.html("index.html")
    for shown in ('href="https://github.com/example"', 'href="mailto:safeguarding@example.org"',
                  'href="tel:01134960000"', "images/logo.png"):
        assert shown in home, shown


def test_a_snippets_extension_named_by_its_class_is_refused(site: Site) -> None:
    """`module:Class` loads the module as its name does."""
    site.write("mkdocs.yml", before_plugins(
        "markdown_extensions:\n  - tables\n  - pymdownx.snippets:SnippetExtension:\n"
        "      base_path: [/etc]\n"))
    result = site.check()
    assert result.exit_code == 1
    assert result.lines[0].startswith(
        "mkdocs.yml:8: error: markdown_extensions: 'pymdownx.snippets' puts other files' text "
        "into pages"), result.lines


def test_personal_data_in_mkdocs_yml_and_what_it_inherits_is_refused(site: Site) -> None:
    """At its line, comments too; the public contact and the allowlist are not reported."""
    site.write("base.yml", CONFIG.replace(
        "site_name: Test partnership", "site_name: Test partnership\n"
        "# set up for the child whose NHS number is 943 476 5919"))
    site.write("mkdocs.yml", "INHERIT: base.yml\n"
               "site_description: Ask Jo on 07700 900123 or jo.bloggs@gmail.com\n"
               "plugins:\n  - safeguarding-learning:\n"
               "      personal_data_allowlist: [safeguarding@example.org]\n"
               "      concern_contact: >-\n        Call the front door on 0113 496 0001, email\n"
               "        front.door@example.org, or write to 1 High Street, Northbrook NB1 1AA.\n"
               "# born on 3 March 2019 (a comment)\n")
    result = site.check()
    assert result.exit_code == 1
    assert [line.split(" (")[0] for line in result.lines if ": error: " in line] == [
        "base.yml:2: error: personal data: an NHS number",
        "mkdocs.yml:2: error: personal data: a phone number",
        "mkdocs.yml:2: error: personal data: an email address",
        "mkdocs.yml:9: error: personal data: a date of birth",
    ]


@pytest.mark.parametrize("setting, where", [
    ('copyright: "Contact jo.bloggs\\x40example.com"\n', "'copyright'"),
    ('site_description: "Ring 07700\\u0020900456"\n', "'site_description'"),
    ("extra:\n  note: \"Call 07700\\x20900123\"\n", "'extra.note'"),
    ("copyright: >-\n  Ring 07700\n\n  900123\n", "'copyright'"),
])
def test_personal_data_mkdocs_yml_holds_once_yaml_has_read_it_is_refused(
        site: Site, setting: str, where: str) -> None:
    """An escape or a folded line hides it from the file as written; the theme shows it
    on every page, the 404 page too."""
    site.write("mkdocs.yml", before_plugins(setting))
    result = site.check()
    assert result.exit_code == 2, result.out + result.err
    assert f"error: {where} holds " in result.err + result.out, result.err + result.out
    assert "once YAML has read it" in result.err + result.out
