"""Transfer tab: a classifier from few labels built three ways (from scratch, on a frozen pretrained encoder,
fine-tuned), measured by `python -m genmodels.training.transfer` and read from weights/metrics.json["transfer"]:
the table, accuracy against the number of labels, what the measurements say; then an upload (or an example) through
every shipped 1,000-label classifier. Endpoint: /transfer_predict (image) -> a table, one row per way.
Link settings (?tab=transfer&...): example (a name under the examples: Sneaker, Ankle boot, ...)."""

from __future__ import annotations

import math

import gradio as gr
import numpy as np
import pandas as pd

from genmodels.ui.components import links
from genmodels.ui.components.common import (
    RAW_INPUTS,
    UI_EVENT,
    UPLOAD_EVENT,
    example_files,
    image_input,
    image_output,
    model_fn,
    picture,
    read_image,
)
from genmodels.ui.components.measured import read_metrics, significant
from genmodels.ui.i18n import PHRASES, language, say, t
from genmodels.zoo import CLASS_NAMES, TRANSFER_WAYS

FIRST_EXAMPLE = "Sneaker"  # what the tab shows when it opens
# The plot's legend entries are its data, which a native plot keeps from its first drawing: one name per way in
# every language (the axis titles follow the visitor's language).
PLOT_NAMES = {
    "scratch": "scratch",
    "frozen_ae": "frozen AE",
    "frozen_vae": "frozen VAE",
    "finetuned_ae": "fine-tuned AE",
    "finetuned_vae": "fine-tuned VAE",
}
PLOT_COLORS = {
    "scratch": "#7f7f7f",
    "frozen AE": "#1f77b4",
    "frozen VAE": "#9467bd",
    "fine-tuned AE": "#ff7f0e",
    "fine-tuned VAE": "#d62728",
}
PLOT_COLUMNS = ("log10_labels", "accuracy", "way", "labels")  # labels: in the tooltip


def transfer_result(weights_dir) -> dict | None:
    """metrics.json["transfer"] when it holds rows, else None."""
    metrics = read_metrics(weights_dir)
    result = metrics.get("transfer") if isinstance(metrics, dict) else None
    return result if isinstance(result, dict) and isinstance(result.get("rows"), dict) else None


def measured_rows(result: dict) -> dict[str, dict[int, dict]]:
    """way -> label count -> its row, the ways in TRANSFER_WAYS order and only rows with an accuracy."""
    rows = {}
    for way in TRANSFER_WAYS:
        by_count = result["rows"].get(way)
        if isinstance(by_count, dict):
            kept = {int(n): row for n, row in by_count.items() if isinstance(row, dict) and "accuracy" in row}
            if kept:
                rows[way] = dict(sorted(kept.items()))
    return rows


def way_name(way: str, lang: str) -> str:
    return PHRASES[lang][f"way_{way}"]


def results_frame(result: dict, lang: str) -> pd.DataFrame:
    """One row per way: its name, trainable parameters, accuracy (%) at each label count, the wall and CPU time of
    its runs (s: the CPU time is what they cost on a machine shared with other work); 3 significant figures."""
    rows = measured_rows(result)
    counts = sorted({n for by_count in rows.values() for n in by_count})
    words = PHRASES[lang]
    columns = [words["h_way"], words["h_trainable"], *(words["h_accuracy_at"].format(labels=f"{n:,}") for n in counts)]
    table = []
    for way, by_count in rows.items():
        parameters = next(iter(by_count.values())).get("trainable_parameters")
        accuracies = [significant(100 * by_count[n]["accuracy"]) if n in by_count else "–" for n in counts]
        seconds = sum(row.get("seconds", math.nan) for row in by_count.values())
        cpu_seconds = sum(row.get("cpu_seconds", math.nan) for row in by_count.values())
        table.append(
            [
                way_name(way, lang),
                f"{parameters:,}" if isinstance(parameters, int) else "–",
                *accuracies,
                significant(seconds),
                significant(cpu_seconds),
            ]
        )
    return pd.DataFrame(table, columns=[*columns, words["h_wall_s"], words["h_cpu_s"]])


def accuracy_frame(result: dict | None) -> pd.DataFrame:
    """Accuracy (%) against log10(labels), one line per way (native plots have no log axis)."""
    rows = []
    for way, by_count in (measured_rows(result) if result else {}).items():
        rows += [[math.log10(n), round(100 * row["accuracy"], 2), PLOT_NAMES[way], n] for n, row in by_count.items()]
    return pd.DataFrame(rows, columns=PLOT_COLUMNS)


def plot_titles(lang: str) -> dict:
    words = PHRASES[lang]
    return dict(x_title=words["axis_labels"], y_title=words["axis_test_accuracy"], color_title=words["legend_way"])


def findings(result: dict | None, request) -> str:
    """What was measured, in the visitor's language: the best way at each label count against from scratch, and
    the reason that fits what won with the fewest and with the most labels (only what the figures show)."""
    if result is None:
        return say(request, "no_transfer")
    rows = measured_rows(result)
    counts = sorted({n for by_count in rows.values() for n in by_count})
    shared = [n for n in counts if all(n in by_count for by_count in rows.values())]
    if "scratch" not in rows or not shared:
        return ""
    best = {n: max(rows, key=lambda way: rows[way][n]["accuracy"]) for n in shared}
    lang = language(request)

    def best_line(n: int) -> str:
        key = "transfer_best_scratch" if best[n] == "scratch" else "transfer_best"  # no "from scratch" beside itself
        accuracy, scratch = (significant(100 * rows[way][n]["accuracy"]) for way in (best[n], "scratch"))
        return say(request, key, labels=f"{n:,}", way=way_name(best[n], lang), accuracy=accuracy, scratch=scratch)

    lines = [best_line(n) for n in shared]
    text = say(request, "transfer_measured", lines="; ".join(lines))
    fewest, most = shared[0], shared[-1]
    frozen = [way for way in rows if way.startswith("frozen")]
    frozen_best = max(frozen, key=lambda way: rows[way][fewest]["accuracy"], default=None)
    if frozen_best is not None:
        beats = rows[frozen_best][fewest]["accuracy"] > rows["scratch"][fewest]["accuracy"]
        text += say(request, "transfer_frozen_wins_few" if beats else "transfer_frozen_loses_few")
    if len(shared) > 1:
        kind = best[most].split("_")[0]  # scratch, frozen, finetuned
        text += say(request, f"transfer_{kind}_wins_many")
    settings, env = result.get("settings", {}), result.get("environment", {})
    if settings and isinstance(result.get("seconds"), (int, float)):
        note = dict(updates=settings.get("updates"), batch=settings.get("batch_size"), seed=settings.get("seed"))
        cpu_minutes = result.get("cpu_seconds", math.nan) / 60
        minutes = dict(minutes=significant(result["seconds"] / 60), cpu_minutes=significant(cpu_minutes))
        text += "\n\n" + say(request, "transfer_note", **note, **minutes, threads=env.get("threads", "?"))
    return text


def predictions_frame(out: dict, lang: str) -> pd.DataFrame:
    """The zoo's transfer_predict -> one row per way: its name, the predicted class, its probability (%)."""
    words = PHRASES[lang]
    probabilities = np.asarray(out["probabilities"], dtype=np.float64)
    table = [
        [way_name(way, lang), CLASS_NAMES[int(p.argmax())], significant(100 * float(p.max()))]
        for way, p in zip(out["ways"], probabilities)
    ]
    return pd.DataFrame(table, columns=[words["h_way"], words["h_predicted"], words["h_confidence"]])


def build(zoo) -> links.TabView | None:
    @model_fn
    def transfer_predict(image, request: gr.Request):
        """An image through every shipped transfer classifier (1,000 labels each) -> a table, one row per way in
        the order scratch, frozen_ae, frozen_vae, finetuned_ae, finetuned_vae: way, predicted class, confidence
        (%: the softmax probability of that class)."""
        return predictions_frame(zoo.transfer_predict(read_image(image)), language(request))

    @model_fn
    def model_view(image):
        """The 28x28 picture the classifiers see (after the upload's conversion)."""
        return picture(read_image(image))

    @model_fn
    def first_view(example, request: gr.Request):
        """The example's predictions and picture, then the measured table, findings and plot titles in the
        visitor's language (settings: example)."""
        lang = language(request)
        result = transfer_result(zoo.weights_dir)
        x = read_image(example_set.read_bytes(example), "example")
        return (
            predictions_frame(zoo.transfer_predict(x), lang),
            picture(x),
            results_frame(result, lang) if result else gr.skip(),
            findings(result, request),
            gr.update(**plot_titles(lang)),
        )

    result = transfer_result(zoo.weights_dir)
    with gr.Tab(t("tab_transfer"), id="transfer") as tab:
        gr.Markdown(t("transfer_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("transfer_how"))
        gr.Markdown(t("transfer_results"))
        summary = gr.Markdown(findings(result, None), elem_id="transfer-findings")
        table = gr.Dataframe(
            value=results_frame(result, "en") if result else None,
            label=t("transfer_table"),
            interactive=False,
            wrap=True,
            elem_id="transfer-table",
        )
        plot = gr.LinePlot(
            value=accuracy_frame(result),
            x="log10_labels",
            y="accuracy",
            color="way",
            color_map=PLOT_COLORS,
            tooltip=["labels", "accuracy", "way"],
            **plot_titles("en"),
            y_lim=[0, 100],
            label=t("transfer_plot"),
            show_label=True,
            elem_id="transfer-plot",
        )
        gr.Markdown(t("transfer_try"))
        with gr.Row():
            with gr.Column(scale=2):
                image = image_input(t("input_image"), elem_id="transfer-input")
                run = gr.Button(t("transfer_predict"), variant="primary", elem_id="transfer-run")
            with gr.Column(scale=3):
                seen = image_output(t("model_view"), elem_id="transfer-seen")
                predictions = gr.Dataframe(
                    label=t("transfer_predictions"), interactive=False, wrap=True, elem_id="transfer-predictions"
                )
        files = example_files("fashion")
        examples = gr.Examples([[path] for path in files], inputs=[image], label=t("examples")) if files else None

    gr.on(
        [run.click, image.upload],
        transfer_predict,
        inputs=[image],
        outputs=[predictions],
        api_name="transfer_predict",
        **UPLOAD_EVENT,
    ).success(model_view, inputs=[image], outputs=[seen], **UI_EVENT, **RAW_INPUTS)
    if examples is not None:
        examples.load_input_event.then(
            transfer_predict, inputs=[image], outputs=[predictions], api_visibility="private", **UPLOAD_EVENT
        ).success(model_view, inputs=[image], outputs=[seen], **UI_EVENT, **RAW_INPUTS)

    def retitle(request: gr.Request):  # the plot's titles in the visitor's language (see PLOT_NAMES)
        return gr.update(**plot_titles(language(request)))

    tab.select(retitle, outputs=[plot], **UI_EVENT)

    if not files:  # without example pictures (before scripts/make_examples.py) the tab opens without predictions
        return None
    example_set = links.Examples(("", files))
    settings = [example_set.setting(image, FIRST_EXAMPLE)]
    return links.TabView("transfer", settings, first_view, [predictions, seen, table, summary, plot])
