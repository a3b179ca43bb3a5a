"""A small fixture site with one of everything: public, draft and embargoed items."""

from __future__ import annotations

from conftest import Site, briefing, guidance, review

#: Words that appear only in unpublished items: a public build must contain none.
SECRET_WORDS = ("zebradraftword", "quokkaembargoword", "Embargoed review title")

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n" + b"x" * 2000


def populate(site: Site) -> Site:
    site.write("content/guidance/wt-2015.md", guidance(
        "Working Together 2015",
        "superseded_by: wt-2018\nsections:\n  chapter-4: 'Chapter 4: Learning and improvement'\n"))
    site.write("content/guidance/wt-2018.md", guidance("Working Together 2018"))
    site.write("briefings/public-briefing.md", briefing(
        "Public briefing", "2024-01-10",
        extra="audience: [professionals]\nguidance: ['wt-2015#chapter-4']\nreviews: [child-a]\n",
        body="## What to do\n\nRead [[child-a]] and [[wt-2018|the 2018 guidance]].\n\n"
             "![A chart](chart.png)\n"))
    site.write_bytes("briefings/chart.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    site.write("briefings/older-briefing.md", briefing("Older briefing", "2019-03-01"))
    site.write("briefings/draft-briefing.md", briefing(
        "Draft briefing zebradraftword", "2024-02-01",
        extra="status: draft\nguidance: [wt-2018]\nreviews: [child-a]\n",
        body="zebradraftword appears only here.\n"))
    site.write("briefings/embargoed-briefing.md", briefing(
        "Embargoed briefing", "2027-03-01", extra="guidance: [wt-2018]\nreviews: [child-a]\n",
        body="quokkaembargoword appears only here.\n"))
    site.write("reviews/child-a.md", review("Child A", "2023-05-01",
                                            extra="report: child-a-report.pdf\nsubject: Child A\n"))
    site.write_bytes("reviews/child-a-report.pdf", PDF)
    site.write("reviews/child-z.md", review(
        "Embargoed review title", "2027-01-15", extra="report: child-z-report.pdf\n",
        body="quokkaembargoword in a review.\n"))
    site.write_bytes("reviews/child-z-report.pdf", PDF)
    return site
