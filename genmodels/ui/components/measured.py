"""The measured quality of the shipped models, read from weights/metrics.json (`python -m genmodels.measure.evaluate`),
as tables a visitor can read: human model names (names.py), 3 significant figures, units in the headers and an
arrow for which way is better. Two tables: sample quality (one row per generator and sampler) and the other
tasks (reconstruction, denoising, anomaly detection, guided class accuracy). The Compare tab shows every row,
each family's tab its own. Read again whenever the tab opens, so a new evaluation shows up without a restart."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import gradio as gr
import pandas as pd

from genmodels.tables import markdown_table
from genmodels.ui.i18n import PHRASES, language, say, t
from genmodels.ui.names import family, model_name

MISSING = "–"
FAMILY_ORDER = ("data", "AE", "VAE", "GAN", "diffusion", "classifier")  # the order of the tabs


@dataclass(frozen=True)
class Column:
    header: str  # the PHRASES key of its header (with its unit)
    better: str  # "↓" lower is better, "↑" higher is better
    fields: tuple[str, ...]  # where the number is: a generation row's field, else the summary's
    scale: float = 1.0  # KID ×10³, seconds -> ms


GENERATION_COLUMNS = (
    Column("h_fd", "↓", ("fid", "FD")),
    Column("h_kid", "↓", ("kid", "KID"), 1000.0),
    Column("h_precision", "↑", ("precision",)),
    Column("h_recall", "↑", ("recall",)),
    Column("h_classes", "↑", ("class_coverage", "classes covered")),
    Column("h_ms_per_image", "↓", ("seconds_per_image",), 1000.0),
)
TASK_COLUMNS = (  # the summary's keys, as genmodels.measure.results.model_summary writes them
    Column("h_recon_psnr", "↑", ("recon PSNR",)),
    Column("h_recon_ssim", "↑", ("recon SSIM",)),
    Column("h_denoise_psnr", "↑", ("denoise PSNR σ=0.3",)),
    Column("h_auroc", "↑", ("anomaly AUROC",)),
    Column("h_class_accuracy", "↑", ("class accuracy w=3",)),
)


def significant(value, digits: int = 3) -> str:
    """A number as the tables print it: integers whole, other numbers to `digits` significant figures, never
    in exponent notation (3250.98 -> "3250", 0.0304 -> "0.0304", 131.222 -> "131"); "–" when missing."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return MISSING
    if isinstance(value, int):
        return str(value)
    rounded = float(f"{value:.{digits}g}")  # round first: 99.96 becomes 100, which then needs no decimals
    if rounded == 0:
        return "0"
    decimals = digits - 1 - math.floor(math.log10(abs(rounded)))
    return f"{rounded:.{max(decimals, 0)}f}"


def phrase(lang: str, key: str) -> str:
    """A phrase in a language code ("en", "ko"): tables are built for a language, not for one request."""
    return PHRASES[lang][key]


def header(column: Column, lang: str) -> str:
    return f"{phrase(lang, column.header)}\u00a0{column.better}"  # no-break space: the arrow stays with its word


def cell(row: dict, column: Column) -> str:
    for field in column.fields:
        value = row.get(field)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return significant(value * column.scale if column.scale != 1 else value)  # a count stays an int
    return MISSING


def quality_frame(rows: dict, columns, lang: str = "en", name_of=model_name) -> pd.DataFrame | None:
    """{key: {field: number}} -> one row per key (human name first), one column per measured number, formatted;
    columns and rows with nothing measured are left out. None if nothing is left."""
    table = [[name_of(key, lang), *(cell(row, column) for column in columns)] for key, row in rows.items()]
    table = [line for line in table if any(value != MISSING for value in line[1:])]
    if not table:
        return None
    kept = [i for i in range(len(columns)) if any(line[1 + i] != MISSING for line in table)]
    return pd.DataFrame(
        [[line[0], *(line[1 + i] for i in kept)] for line in table],
        columns=[phrase(lang, "h_model"), *(header(columns[i], lang) for i in kept)],
    )


def family_rank(key: str) -> int:
    return FAMILY_ORDER.index(family(key)) if family(key) in FAMILY_ORDER else len(FAMILY_ORDER)


def wanted(key: str, models) -> bool:
    """Rows of the asked `models`, and every row of their families (the diffusion tab shows every sampler)."""
    return models is None or key in models or family(key) in {family(m) for m in models}


def quality_frames(metrics: dict, models=None, lang: str = "en") -> dict[str, pd.DataFrame]:
    """metrics.json -> {"samples": sample quality, "tasks": other tasks} for `models` (default all), without
    empty ones. Sample quality comes from the generation rows (every sampler); a result without them (an older
    file) uses the per-model summary."""
    summary = metrics.get("models") if isinstance(metrics.get("models"), dict) else {}
    generation = metrics.get("generation", {}).get("rows") if isinstance(metrics.get("generation"), dict) else None
    if not isinstance(generation, dict):
        generation = summary
    if models is None:
        samples, tasks = generation, summary
    else:
        samples = {key: row for key, row in generation.items() if wanted(key, models)}
        tasks = {key: summary[key] for key in models if key in summary}
    tasks = dict(sorted(tasks.items(), key=lambda item: family_rank(item[0])))  # stable: file order within one

    def labelled(key, lang):  # the summary's diffusion row is one sampler: say which
        sampler = summary.get(key, {}).get("sampler") if generation is summary else None
        return f"{model_name(key, lang)} ({sampler})" if isinstance(sampler, str) else model_name(key, lang)

    frames = {
        "samples": quality_frame(only_dicts(samples), GENERATION_COLUMNS, lang, labelled),
        "tasks": quality_frame(only_dicts(tasks), TASK_COLUMNS, lang),
    }
    return {name: frame for name, frame in frames.items() if frame is not None}


def only_dicts(rows: dict) -> dict:
    return {key: row for key, row in rows.items() if isinstance(row, dict)}


def frame_markdown(table: pd.DataFrame) -> str:
    """A DataFrame as a Markdown table (pandas' to_markdown needs the optional `tabulate` package)."""
    cells = [[("" if pd.isna(v) else v) for v in row] for row in table.itertuples(index=False)]
    return markdown_table(table.columns, cells)


def read_metrics(weights_dir) -> dict | str | None:
    """weights/metrics.json as a dict; None when there is none yet; a sentence (English) when it is unreadable."""
    path = Path(weights_dir) / "metrics.json"
    if not path.is_file():
        return None
    try:
        result = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        return f"`{path}` could not be read: {error}"
    return result if isinstance(result, dict) else f"`{path}` is not a JSON object"


def metrics_markdown(weights_dir, request: gr.Request | None = None, models=None) -> str:
    """The quality tables (of `models`, default all) as Markdown, or a line saying why there are none."""
    lang = language(request)
    result = read_metrics(weights_dir)
    if result is None:
        return say(request, "no_metrics")
    if isinstance(result, str):
        return result
    frames = quality_frames(result, models, lang)
    if not frames:
        return f"`{Path(weights_dir) / 'metrics.json'}` has no numbers for {', '.join(models or ['any model'])}."
    text = "\n\n".join(
        f"**{phrase(lang, 'table_' + name)}**\n\n{frame_markdown(frame)}" for name, frame in frames.items()
    )
    return text + ("\n\n" + say(request, "quick_metrics") if result.get("quick") else "")


def live_metrics(zoo, tab: gr.Tab, models=None) -> gr.Markdown:
    """What the numbers mean, then the tables of `models` (default all), read again whenever `tab` is opened."""
    gr.Markdown(t("measured_note"))
    numbers = gr.Markdown(metrics_markdown(zoo.weights_dir, models=models), elem_classes="measured")

    def refresh(request: gr.Request) -> str:
        return metrics_markdown(zoo.weights_dir, request, models)

    tab.select(refresh, outputs=numbers, api_visibility="private", queue=False)
    return numbers


def measured_panel(zoo, tab: gr.Tab, models) -> gr.Markdown:
    """A closed accordion with `models`' rows of the tables (a family's own tab)."""
    with gr.Accordion(t("measured_quality"), open=False):
        return live_metrics(zoo, tab, models)
