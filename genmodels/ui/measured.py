"""The measured quality of the shipped models, read from weights/metrics.json (`python -m genmodels.evaluate`):
the whole table on the Compare tab, each family's rows on its own tab. Read again whenever the tab opens, so a new
evaluation shows up without a restart."""

from __future__ import annotations

import json
import math
from pathlib import Path

import gradio as gr
import pandas as pd

from .text import say, t


def metrics_table(metrics, models=None) -> pd.DataFrame | None:
    """weights/metrics.json -> one row per model (only `models`, in that order, when given), one column per
    number. Accepts {model: {metric: value}} (optionally under a "models" key); nested groups become
    "group/metric" columns. None if nothing fits."""
    if isinstance(metrics, dict) and isinstance(metrics.get("models"), dict):
        metrics = metrics["models"]
    if not isinstance(metrics, dict):
        return None

    def flatten(values, prefix=""):
        flat = {}
        for key, value in values.items():
            if isinstance(value, dict):
                flat.update(flatten(value, f"{prefix}{key}/"))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                flat[f"{prefix}{key}"] = round(value, 4) if isinstance(value, float) and math.isfinite(value) else value
            elif isinstance(value, str) and len(value) < 40:
                flat[f"{prefix}{key}"] = value
        return flat

    names = [name for name in (models or metrics) if isinstance(metrics.get(name), dict)]
    rows = [{"model": name, **flatten(metrics[name])} for name in names]
    return pd.DataFrame(rows) if rows else None


def markdown_table(table: pd.DataFrame) -> str:
    """A Markdown table (pandas' to_markdown needs the optional `tabulate` package)."""
    cells = [[("" if pd.isna(v) else str(v)) for v in row] for row in table.itertuples(index=False)]
    header = "| " + " | ".join(map(str, table.columns)) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    return "\n".join([header, rule, *("| " + " | ".join(row) + " |" for row in cells)])


def metrics_markdown(weights_dir, request: gr.Request | None = None, models=None) -> str:
    """The quality table (of `models`, default all) as Markdown, or a line saying why there is none."""
    path = Path(weights_dir) / "metrics.json"
    if not path.is_file():
        return say(request, "no_metrics")
    try:
        result = json.loads(path.read_text())
        table = metrics_table(result, models)
    except (OSError, ValueError) as error:
        return f"`{path}` could not be read: {error}"
    if table is None:
        return f"`{path}` has no numbers for {', '.join(models or ['any model'])}."
    quick = result.get("quick") if isinstance(result, dict) else False
    return markdown_table(table) + ("\n\n" + say(request, "quick_metrics") if quick else "")


def live_metrics(zoo, tab: gr.Tab, models=None) -> gr.Markdown:
    """What the numbers mean, then the table of `models` (default all), read again whenever `tab` is opened."""
    gr.Markdown(t("measured_note"))
    numbers = gr.Markdown(metrics_markdown(zoo.weights_dir, models=models))

    def refresh(request: gr.Request) -> str:
        return metrics_markdown(zoo.weights_dir, request, models)

    tab.select(refresh, outputs=numbers, api_visibility="private", queue=False)
    return numbers


def measured_panel(zoo, tab: gr.Tab, models) -> gr.Markdown:
    """A closed accordion with `models`' rows of the table (a family's own tab)."""
    with gr.Accordion(t("measured_quality"), open=False):
        return live_metrics(zoo, tab, models)
