"""The content core: reading, modelling, checking and cross-referencing items.

Nothing in this package imports MkDocs; the plugin (`..mkdocs_plugin`) adapts it.
"""

from .corpus import Corpus, load_corpus
from .diagnostics import (
    Diagnostic,
    Severity,
    format_github,
    format_json,
    format_text,
    has_errors,
)
from .model import Audit, Briefing, Document, Guidance, Item, Page, Reference, Review
from .project import Project
from .publication import is_public, publication_state
from .settings import ConfigError, SiteSettings

__all__ = [
    "Audit", "Briefing", "ConfigError", "Corpus", "Diagnostic", "Document", "Guidance", "Item",
    "Page", "Project", "Reference", "Review", "Severity", "SiteSettings", "format_github",
    "format_json", "format_text", "has_errors", "is_public", "load_corpus",
    "publication_state",
]
