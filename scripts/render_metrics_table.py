"""Re-render the Markdown tables from saved measurements, without measuring again.

    python -m scripts.render_metrics_table            # weights/metrics.json -> metrics.md + README block
    python -m scripts.render_metrics_table --metrics '' --benchmark weights/benchmark.json

The tables come from the same functions `python -m genmodels.measure.evaluate` / `.benchmark` use, so README
and JSON cannot drift apart; only the blocks between the <!-- metrics:... --> / <!-- benchmark:... --> markers
of README.md change.
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
    parser.add_argument("--readme", default="README.md")
    args = parser.parse_args(argv)
    readme = Path(args.readme)
    for kind, path in (("metrics", args.metrics), ("benchmark", args.benchmark)):
        if not path or not Path(path).is_file():
            print(f"{kind}: no {path}; skipped")
            continue
        path = Path(path)
        result = json.loads(path.read_text())
        if kind == "metrics":
            path.with_suffix(".md").write_text(report.render_markdown(result))
            markdown, markers = report.readme_markdown(result, path, readme), report.MARKERS
        else:
            markdown, markers = benchmark.render_markdown(result), benchmark.MARKERS
            path.with_suffix(".md").write_text(markdown)
        changed = replace_marked_block(readme, markdown, markers)
        block = "updated" if changed else "not found (markers missing)"
        print(f"{kind}: wrote {path.with_suffix('.md')}; README block {block}")


if __name__ == "__main__":
    main()
