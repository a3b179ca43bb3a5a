"""The learning and improvement dashboard as data: every figure a table, every table also
a CSV and JSON file at a stable address (`dashboard/data/<id>.csv`).

Figures are counted from what the build shows (`SiteView`): in a public build, public items
only, so a draft or embargoed review or audit never reaches a figure, a chart or a file.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..core import Item, Review
from ..core.measures import Measure, measure_csv, measures_json
from ..core.model import AUDIT_TYPES, Audit
from ..core.review_record import RECOMMENDATION_STATUSES, Recommendation
from .charts import bar_chart, line_chart
from .formatting import long_date
from .view import SiteView

DATA_DIR = "dashboard/data"


@dataclass(frozen=True)
class Table:
    """One figure: its rows, a chart of its first numeric column, and its files."""

    id: str  # the file name: dashboard/data/<id>.csv
    title: str
    description: str
    columns: tuple[str, ...]
    rows: list[tuple]

    @property
    def csv_path(self) -> str:
        return f"{DATA_DIR}/{self.id}.csv"

    @property
    def json_path(self) -> str:
        return f"{DATA_DIR}/{self.id}.json"

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([[_cell(value) for value in row] for row in self.rows])
        return out.getvalue()

    def json(self) -> str:
        rows = [dict(zip(self.columns, row, strict=True)) for row in self.rows]
        return json.dumps({"title": self.title, "rows": rows}, indent=2) + "\n"

    def chart(self) -> str:
        """Bars of the second column (a count) by the first (a label)."""
        return bar_chart(self.title, self.description,
                         [(str(row[0]), float(row[1])) for row in self.rows], f"chart-{self.id}")


@dataclass(frozen=True)
class Overdue:
    review: Item
    recommendation: Recommendation


@dataclass(frozen=True)
class PriorityGroup:
    theme: str | None
    label: str
    measures: list[Measure]


class Dashboard:
    """The figures of one build, as of its date."""

    def __init__(self, view: SiteView, measures: list[Measure]) -> None:
        self.view = view
        self.as_of: date = view.as_of
        # A quarter that has not begun as of the build's date is held back, as an item
        # with a later date is: a figure entered early shows once its quarter starts. A
        # measure with no quarter begun waits whole, its title too.
        self.measures = measures if view.preview else [
            shown for shown in (
                dataclasses.replace(m, values=[(q, v) for q, v in m.values
                                               if q.start <= self.as_of])
                for m in measures)
            if shown.values]
        settings = view.corpus.project.settings
        self._review_types = settings.review_types
        self._agencies = settings.agencies

    # --- measures -------------------------------------------------------------------
    def priorities(self) -> list[PriorityGroup]:
        """Measures under the board's priorities (themes), in the site's theme order;
        those with no priority last."""
        groups = []
        for theme, label in self.view.corpus.project.settings.themes.items():
            found = [m for m in self.measures if m.priority == theme]
            if found:
                groups.append(PriorityGroup(theme, label, found))
        rest = [m for m in self.measures if m.priority is None]
        if rest:
            groups.append(PriorityGroup(None, "Other measures", rest))
        return groups

    @staticmethod
    def measure_chart(measure: Measure) -> str:
        return line_chart(measure, f"chart-{measure.id}")

    @staticmethod
    def measure_csv_path(measure: Measure) -> str:
        return f"{DATA_DIR}/measure-{measure.id}.csv"

    # --- learning from reviews ----------------------------------------------------------
    @property
    def reviews(self) -> list[Item]:
        return self.view.items(Review)

    def reviews_by_year(self) -> Table:
        counts = Counter(review.published.year for review in self.reviews)
        return Table("reviews-by-year", "Reviews published, by year",
                     "The number of case reviews published in each year.",
                     ("year", "reviews"), sorted(counts.items(), reverse=True))

    def reviews_by_type(self) -> Table:
        counts = Counter(review.review_type for review in self.reviews)
        rows = [(label, counts[key]) for key, label in self._review_types.items() if counts[key]]
        return Table("reviews-by-type", "Reviews published, by type",
                     "The number of case reviews published, by type of review.",
                     ("type", "reviews"), rows)

    def reviews_by_theme(self) -> Table:
        counts = Counter(theme for review in self.reviews for theme in review.themes)
        rows = sorted(((self.view.theme_label(t), n) for t, n in counts.items()),
                      key=lambda row: (-row[1], row[0].lower()))
        return Table("reviews-by-theme", "Reviews published, by theme",
                     "The number of case reviews on each theme; a review can have several.",
                     ("theme", "reviews"), rows)

    def recommendations(self) -> list[tuple[Item, Recommendation]]:
        return [(review, r) for review in self.reviews for r in review.recommendations]

    def recommendations_by_status(self) -> Table:
        counts = Counter(r.status_on(self.as_of) for _, r in self.recommendations())
        rows = [(label, counts[key]) for key, label in RECOMMENDATION_STATUSES.items()]
        rows.append(("Overdue (not completed, past due)", len(self.overdue())))
        return Table("recommendations-by-status", "Recommendations from reviews, by status",
                     f"Recommendations of published reviews by progress, as of "
                     f"{long_date(self.as_of)}. Overdue ones are also open or in progress.",
                     ("status", "recommendations"), rows)

    def recommendations_by_agency(self) -> Table:
        """Agency, then how many of its recommendations are at each status, and overdue."""
        counts: dict[str, Counter] = {}
        for _, recommendation in self.recommendations():
            for agency in recommendation.agencies or ["Not assigned"]:
                row = counts.setdefault(self._agencies.get(agency, agency), Counter())
                row[recommendation.status_on(self.as_of)] += 1
                row["total"] += 1
                row["overdue"] += recommendation.is_overdue(self.as_of)
        rows = [(agency, c["total"], c["open"], c["in-progress"], c["completed"], c["overdue"])
                for agency, c in sorted(counts.items(), key=lambda kv: (-kv[1]["total"],
                                                                        kv[0].lower()))]
        return Table("recommendations-by-agency", "Recommendations from reviews, by agency",
                     "How many recommendations each agency leads or shares, and their progress.",
                     ("agency", "recommendations", "open", "in progress", "completed",
                      "overdue"), rows)

    def overdue(self) -> list[Overdue]:
        found = [Overdue(review, r) for review, r in self.recommendations()
                 if r.is_overdue(self.as_of)]
        return sorted(found, key=lambda o: (o.recommendation.due, o.review.title.lower()))

    # --- audits ------------------------------------------------------------------------
    @property
    def audits(self) -> list[Item]:
        return self.view.items(Audit)

    def audits_by_type(self) -> Table:
        counts = Counter(audit.audit_type for audit in self.audits)
        rows = [(label, counts[key]) for key, label in AUDIT_TYPES.items() if counts[key]]
        return Table("audits-by-type", "Audits published, by type",
                     "The number of audit summaries published, by type of audit.",
                     ("type", "audits"), rows)

    def audits_by_quarter(self) -> Table:
        counts = Counter(audit.period for audit in self.audits if audit.period is not None)
        rows = [(str(quarter), n) for quarter, n in sorted(counts.items(), reverse=True)]
        return Table("audits-by-quarter", "Audits published, by quarter audited",
                     "The number of audit summaries for each quarter audited, latest first.",
                     ("quarter", "audits"), rows)

    # --- files -------------------------------------------------------------------------
    def tables(self) -> list[Table]:
        return [self.reviews_by_year(), self.reviews_by_type(), self.reviews_by_theme(),
                self.recommendations_by_status(), self.recommendations_by_agency(),
                self.audits_by_type(), self.audits_by_quarter()]

    def files(self) -> dict[str, str]:
        """Every download: path in the site -> text."""
        found = {f"{DATA_DIR}/measures.json": measures_json(self.measures)}
        for measure in self.measures:
            found[self.measure_csv_path(measure)] = measure_csv(measure)
        for table in self.tables():
            found[table.csv_path] = table.csv()
            found[table.json_path] = table.json()
        overdue = Table("recommendations-overdue", "Overdue recommendations", "",
                        ("review", "recommendation", "due", "status", "agencies"),
                        [(o.review.title, o.recommendation.text,
                          o.recommendation.due.isoformat(), o.recommendation.status_on(self.as_of),
                          "; ".join(self._agencies.get(a, a) for a in o.recommendation.agencies))
                         for o in self.overdue()])
        found[overdue.csv_path] = overdue.csv()
        found[overdue.json_path] = overdue.json()
        return found


_FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+`, `-`, `@`) is
    kept as text by a leading apostrophe, as spreadsheets themselves write it: an
    agency's or a theme's name opened in Excel must not act. A cell is one line: a
    carriage return within one started a new row, whose first cell was not guarded.
    The full-width forms count too: some spreadsheets read them as the signs themselves."""
    if isinstance(value, str):
        value = " ".join(value.split())
        if value[:1] in _FORMULA_STARTS:
            return "'" + value
    return value

