"""What mkdocs.yml may say: it is written by hand, like an item, and what it says is data.

The theme prints much of mkdocs.yml into every page as it is written (Material escapes
none of it; `extra.scope` goes into an inline script), so markup there is refused as in
an author's text. Addresses must be web links or the site's own files, nothing may load
from another website, and nothing may add scripts or tracking to the pages.

Each check gives `(keys, message)`: the keys lead to the value in mkdocs.yml, where its
line is found (`where_written`).
"""

from __future__ import annotations

import html
import re
from collections import UserString
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from .core.diagnostics import excerpt
from .core.personal_data import (
    CHARACTER_REFERENCE,
    comparable,
    find_personal_data,
    normalise_allowlist,
)
from .core.project import PLUGIN_NAME
from .core.schema import is_web_address
from .core.settings_checks import KeyPath

Problem = tuple[KeyPath, str]

#: The scripts and stylesheet the plugin adds to every page itself.
PAGE_SCRIPT = "assets/safeguarding/page.js"
EXIT_SCRIPT = "assets/safeguarding/exit-this-page.js"
SITE_STYLESHEET = "assets/safeguarding/site.css"


def config_problems(config: MkDocsConfig) -> list[Problem]:
    """Everything mkdocs.yml says that the site may not publish: one problem a value."""
    checks = (_markup_in_site_text, _markup_in_theme_and_extra, _links_in_extra,
              _files_from_elsewhere, _scripts_and_tracking, _addresses, _nav_addresses,
              _markup_in_extension_options, _personal_data_as_read)
    found: dict[KeyPath, str] = {}
    for check in checks:
        for keys, message in check(config):
            found.setdefault(keys, message)  # markup in a link: said once
    return list(found.items())


# --- text the theme prints as it is written ---------------------------------------------

#: What the theme prints of mkdocs.yml as it is written: markup there is markup on every
#: page (Material does not escape them), so it is refused, as in an author's text.
_SITE_TEXT = ("site_name", "site_description", "site_url", "site_author", "repo_name",
              "repo_url", "edit_uri", "edit_uri_template", "copyright")
_MARKUP = re.compile(r'[<>"\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')


def _markup_in_site_text(config: MkDocsConfig) -> Iterator[Problem]:
    for key in _SITE_TEXT:
        value = config.get(key)  # `edit_uri_template` is a string-like template
        problem = _markup(f"'{key}'", str(value) if isinstance(value, UserString) else value)
        if problem:
            yield (key,), problem
    for keys, title, _ in _nav_entries(config.get("nav")):
        problem = _markup(f"'nav' has a title ('{excerpt(title)}') that", title)
        if problem and isinstance(keys[-1], str):  # `- page.md` has an address, no title
            yield ("nav", *keys), problem


def _personal_data_as_read(config: MkDocsConfig) -> Iterator[Problem]:
    """Personal data in what the theme prints of mkdocs.yml, as YAML reads it: an escape
    (`\\x40`) or a folded line hides it from the reading of the file as written
    (settings_checks.py), which reports what it finds at its own line."""
    options = config.plugins[PLUGIN_NAME].config if PLUGIN_NAME in config.plugins else None
    allowlist = normalise_allowlist(getattr(options, "personal_data_allowlist", None) or [])
    try:
        written = Path(config.config_file_path).read_text(encoding="utf-8")
    except (OSError, TypeError, UnicodeDecodeError):
        written = ""
    public = [written, getattr(options, "concern_contact", None) or ""]
    seen = {comparable(finding.text)
            for text in public for finding in find_personal_data(text, set())}
    values = [((key,), config.get(key)) for key in _SITE_TEXT]
    values += [(("nav", *keys), title) for keys, title, _ in _nav_entries(config.get("nav"))]
    theme = {key: value for key, value in config.theme.items() if key != "locale"}
    for top, tree in (("theme", theme), ("extra", config.get("extra") or {})):
        values += [((top, *keys), name if value is None else value)
                   for keys, name, value in _walk(tree)]
    for keys, value in values:
        if not isinstance(value, (str, UserString)):
            continue
        for finding in find_personal_data(str(value), allowlist):
            if comparable(finding.text) not in seen:
                yield keys, (f"'{_dotted(keys)}' holds {finding.kind} ('{finding.text}') once "
                             "YAML has read it (an escape or a folded line hid it as written), "
                             "and the theme shows it on every page; remove it")


def _markup_in_theme_and_extra(config: MkDocsConfig) -> Iterator[Problem]:
    """Every name and value under `theme:` and `extra:`, however deep: Material prints
    them into pages, and some (`extra.scope`) into a script."""
    theme = {key: value for key, value in config.theme.items() if key != "locale"}
    for top, tree in (("theme", theme), ("extra", config.get("extra") or {})):
        for keys, name, value in _walk(tree):
            where = (top, *keys)
            if name is not None:
                problem = _markup(f"'{_dotted(where[:-1])}' has a name ('{excerpt(name)}') "
                                  "that", name)
            else:
                problem = _markup(f"'{_dotted(where)}'", value)
            if problem:
                yield where, problem


def _markup(what: str, value: object) -> str | None:
    if not isinstance(value, str):
        return None
    mark, reference = _MARKUP.search(value), CHARACTER_REFERENCE.search(value)
    if mark:
        shown = repr(mark[0]) if not mark[0].isprintable() else f"'{mark[0]}'"
        return (f"{what} may not hold {shown}: the theme prints it into every page as it "
                "is written")
    if reference:  # the theme shows it decoded in some places, as written in others
        meant = html.unescape(reference[0])
        return (f"{what} may not hold '{reference[0]}': some places show it as it is "
                "written, others as the character it stands for; "
                + ("write plain text" if _MARKUP.search(meant) else f"write '{meant}' itself"))
    return None


def _markup_in_extension_options(config: MkDocsConfig) -> Iterator[Problem]:
    """Options of markdown_extensions: some reach every page as written (`toc: title`
    is the heading Material gives each page's contents)."""
    for extension, options in (config.get("mdx_configs") or {}).items():
        for keys, name, value in _walk(options):
            text = name if name is not None else value
            mark = re.search(r'[<>"]', text) if isinstance(text, str) else None
            if mark:
                yield ("markdown_extensions", extension, *keys), (
                    f"markdown_extensions: the option '{_dotted((extension, *keys))}' may not "
                    f"hold '{mark[0]}': pages may show it as it is written; write plain text")


# --- addresses --------------------------------------------------------------------------

#: Values under `extra:` with these names are links a reader follows (`extra.social[].link`,
#: `extra.homepage`) or the site's own path (`extra.scope`, printed into a script).
_LINK_NAMES = ("link", "homepage", "scope")
#: Characters no address of the site holds: they end an attribute or a script's string.
_NOT_IN_ADDRESS = re.compile(r"""[\s"'`\\<>]""")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _links_in_extra(config: MkDocsConfig) -> Iterator[Problem]:
    for keys, name, value in _walk(config.get("extra") or {}):
        named = next((key for key in reversed(keys) if isinstance(key, str)), "")
        if name is None and named in _LINK_NAMES and isinstance(value, str) \
                and not _is_link(value) and not (named == "link" and _is_mail_or_phone(value)):
            yield ("extra", *keys), (
                f"'{_dotted(('extra', *keys))}' is '{excerpt(value)}', which is not a web "
                "address: give an address starting https://, or a path on the site such as "
                "/learning/")


def _is_mail_or_phone(value: str) -> bool:
    """`mailto:` or `tel:`, which a social link may be (Material shows an envelope)."""
    scheme = _SCHEME.match(value)
    return bool(scheme) and scheme[1].lower() in ("mailto", "tel") \
        and not _NOT_IN_ADDRESS.search(value)


def _is_link(value: str) -> bool:
    """An http(s) address, or a path on the site, with nothing that could end the
    attribute or script string it is printed into."""
    if _NOT_IN_ADDRESS.search(value):
        return False
    return is_web_address(value) or is_site_path(value)


def is_site_path(address: str) -> bool:
    """A path to the site's own file or page: no scheme (`javascript:`, `data:`), and not
    another host (`//host/`); browsers drop tabs and line breaks in an address, and read a
    backslash as a slash."""
    cleaned = re.sub(r"[\t\n\r]", "", address).strip("".join(map(chr, range(0x21))))
    return not _SCHEME.match(cleaned) and "\\" not in cleaned \
        and not cleaned.startswith("//")


def _files_from_elsewhere(config: MkDocsConfig) -> Iterator[Problem]:
    """Files every page loads must be the site's own: a reader's visit to a page about
    abuse is told to no other website."""
    named = [(("theme", key), config.theme.get(key)) for key in ("favicon", "logo")]
    named += [(("extra_css", index), entry)
              for index, entry in enumerate(config.get("extra_css") or [])]
    named += [(("extra", "polyfills", *keys), value)
              for keys, name, value in _walk((config.get("extra") or {}).get("polyfills") or [])
              if name is None]
    for keys, value in named:
        if isinstance(value, str) and not is_site_path(value):
            yield keys, (f"'{_dotted(keys)}' is '{excerpt(value)}': the site loads nothing "
                         "from another website; put the file in docs_dir and give its path")


def _scripts_and_tracking(config: MkDocsConfig) -> Iterator[Problem]:
    if (config.get("extra") or {}).get("analytics"):
        yield ("extra", "analytics"), ("'extra.analytics' would tell another website who "
                                       "reads the site's pages, and the site tracks no one: "
                                       "remove it")
    for index, entry in enumerate(config.get("extra_javascript") or []):
        path = str(getattr(entry, "path", entry))
        if path not in (PAGE_SCRIPT, EXIT_SCRIPT):
            yield ("extra_javascript", index), (
                f"'extra_javascript' may not add scripts ('{excerpt(path)}'): pages run the "
                "site's own scripts only; remove it")


def _addresses(config: MkDocsConfig) -> Iterator[Problem]:
    repo_url = config.get("repo_url")
    if repo_url and not is_web_address(repo_url):
        yield ("repo_url",), ("'repo_url' must be a web address starting https://, e.g. "
                              "https://github.com/partnership/learning")
    site_url = config.get("site_url") or ""
    if site_url and (any(char in site_url for char in " ?#")
                     or not site_url.lower().startswith(("http://", "https://"))):
        yield ("site_url",), ("'site_url' must be the site's address alone, starting "
                              "https:// and without a space, '?' or '#', e.g. "
                              "https://www.example.gov.uk/learning/")


def _nav_addresses(config: MkDocsConfig) -> Iterator[Problem]:
    """Each `nav:` entry leads to a page of the site or a web, email or phone link."""
    for keys, title, address in _nav_entries(config.get("nav")):
        if isinstance(address, str) and not _is_nav_address(address):
            yield ("nav", *keys), (
                f"'nav' leads '{excerpt(title)}' to '{excerpt(address)}', which is neither "
                "a page nor a web link: give a page's path, e.g. guide/index.md, or an "
                "address starting https://, mailto: or tel:")


def _is_nav_address(address: str) -> bool:
    if _MARKUP.search(address) or CHARACTER_REFERENCE.search(address):
        return False
    scheme = _SCHEME.match(address.strip())
    if scheme and scheme[1].lower() in ("mailto", "tel"):
        return not re.search(r"[\s\\]", address.strip())
    return is_web_address(address.strip()) or is_site_path(address)


# --- walking what YAML gave -------------------------------------------------------------

def _walk(tree: Any, keys: KeyPath = ()) -> Iterator[tuple[KeyPath, str | None, Any]]:
    """`(keys, name, None)` for each name in a mapping and `(keys, None, value)` for each
    value that is not a mapping or list, at any depth."""
    if isinstance(tree, Mapping):
        for name, value in tree.items():
            yield (*keys, str(name)), str(name), None
            yield from _walk(value, (*keys, str(name)))
    elif isinstance(tree, (list, tuple)):
        for index, value in enumerate(tree):
            yield from _walk(value, (*keys, index))
    else:
        yield keys, None, tree


def _nav_entries(nav: Any, keys: KeyPath = ()) -> Iterator[tuple[KeyPath, str, Any]]:
    """`(keys, title, address)` for every entry of `nav:` (`- Title: page.md`, `- page.md`);
    a section (`- Section: [...]`) with the list as its address."""
    for index, entry in enumerate(nav if isinstance(nav, list) else []):
        if isinstance(entry, Mapping):
            for title, value in entry.items():
                yield (*keys, index, str(title)), str(title), value
                yield from _nav_entries(value, (*keys, index, str(title)))
        elif isinstance(entry, str):
            yield (*keys, index), entry, entry


def _dotted(keys: KeyPath) -> str:
    """`extra.social[0].link`, as the keys to a value are said in messages."""
    return "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in keys) \
        .removeprefix(".")
