"""What a dashboard chart costs, by charting approach: time per chart, bytes per chart,
and what a screen reader gets. Our own SVG writer (site/charts.py) is what the site uses;
matplotlib's SVG backend and Vega-Lite (vl-convert-python) are measured when installed.

    .venv/bin/python benchmarks/charts_bench.py [--charts 200]
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from safeguarding_learning.config import load_project  # noqa: E402
from safeguarding_learning.core.measures import load_measures  # noqa: E402
from safeguarding_learning.site.charts import line_chart  # noqa: E402


def ours(measure, index: int) -> str:
    return line_chart(measure, f"chart-{index}")


def matplotlib_svg(measure, index: int) -> str:
    import matplotlib
    matplotlib.use("svg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(5.6, 3.2))
    labels = [q.short_label for q, _ in measure.values]
    axes.plot(labels, [v for _, v in measure.values], marker="o", color="#1d4ed8")
    if measure.target is not None:
        axes.axhline(measure.target, linestyle="--", color="#111827")
    axes.set_title(measure.title)
    out = io.StringIO()
    figure.savefig(out, format="svg")
    pyplot.close(figure)
    return out.getvalue()


def vega_lite_svg(measure, index: int) -> str:
    import vl_convert

    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "title": measure.title, "width": 480, "height": 240,
            "data": {"values": [{"quarter": str(q), "value": v} for q, v in measure.values]},
            "mark": {"type": "line", "point": True},
            "encoding": {"x": {"field": "quarter", "type": "ordinal"},
                         "y": {"field": "value", "type": "quantitative"}}}
    return vl_convert.vegalite_to_svg(spec)


def describe(svg: str) -> str:
    has_title = bool(re.search(r"<title[ >]", svg))
    has_desc = "<desc" in svg
    labelled = "aria-labelledby" in svg or "aria-label" in svg
    styles = len(re.findall(r"<style|style=", svg))
    return (f"title {'yes' if has_title else 'no'}, description {'yes' if has_desc else 'no'},"
            f" labelled {'yes' if labelled else 'no'}, inline styles {styles}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--charts", type=int, default=200)
    args = parser.parse_args()
    measures, problems = load_measures(load_project(ROOT / "mkdocs.yml"))
    assert measures and not problems
    for name, make in (("own SVG writer", ours), ("matplotlib (svg)", matplotlib_svg),
                       ("Vega-Lite (vl-convert)", vega_lite_svg)):
        try:
            make(measures[0], 0)
        except ImportError:
            print(f"{name}: not installed")
            continue
        start = time.perf_counter()
        sizes = [len(make(measures[i % len(measures)], i).encode()) for i in range(args.charts)]
        took = time.perf_counter() - start
        sample = make(measures[0], 0)
        print(f"{name}: {took / args.charts * 1000:.2f} ms a chart, "
              f"{sum(sizes) / len(sizes) / 1024:.1f} KB a chart; {describe(sample)}")


if __name__ == "__main__":
    main()
