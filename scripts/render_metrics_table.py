"""Re-render the Markdown tables from saved measurements, without measuring again.

    python -m scripts.render_metrics_table            # weights/metrics.json -> metrics.md + docs/results.md block
    python -m scripts.render_metrics_table --metrics '' --benchmark weights/benchmark.json

The tables come from the same functions `python -m genmodels.measure.evaluate` / `.benchmark` use, so the docs
and the JSON cannot drift apart; only the blocks between the <!-- metrics:... --> markers of docs/results.md and
the <!-- benchmark:... --> markers of docs/performance.md change.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from genmodels.measure import benchmark, report
from genmodels.tables import replace_marked_block


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--metrics", default="weights/metrics.json", help="evaluate's JSON ('' = skip)")
    parser.add_argument("--benchmark", default="weights/benchmark.json", help="benchmark's JSON ('' = skip)")
    parser.add_argument("--results-doc", default=report.DOC, help="the page with the metrics block")
    parser.add_argument("--performance-doc", default=benchmark.DOC, help="the page with the benchmark block")
    args = parser.parse_args(argv)
    for kind, path in (("metrics", args.metrics), ("benchmark", args.benchmark)):
        if not path or not Path(path).is_file():
            print(f"{kind}: no {path}; skipped")
            continue
        path = Path(path)
        result = json.loads(path.read_text())
        if kind == "metrics":
            doc = Path(args.results_doc)
            path.with_suffix(".md").write_text(report.render_markdown(result))
            markdown, markers = report.doc_markdown(result, path, doc), report.MARKERS
        else:
            doc = Path(args.performance_doc)
            markdown, markers = benchmark.render_markdown(result), benchmark.MARKERS
            path.with_suffix(".md").write_text(markdown)
        changed = replace_marked_block(doc, markdown, markers)
        block = "updated" if changed else "not found (markers missing)"
        print(f"{kind}: wrote {path.with_suffix('.md')}; {doc} block {block}")


if __name__ == "__main__":
    main()
