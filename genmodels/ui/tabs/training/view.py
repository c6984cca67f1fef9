"""Training tab: how each shipped model learned, from the log and the preview grids its training run wrote
(weights/<model>/metrics.jsonl and samples/epoch_NNN.png, read by components/curves.py; no model runs and no dataset is
read), and the overfitting study: the AE on 500 images, without and with regularisation.
Endpoints: /training_curves, /training_samples, /overfit_samples. Link settings (?tab=training&...): model."""

from __future__ import annotations

import gradio as gr
from PIL import Image

from genmodels.ui.components import links
from genmodels.ui.components.common import image_output
from genmodels.ui.components.curves import (
    CHART_SERIES,
    FAMILY_CHARTS,
    OVERFIT_RUNS,
    curves,
    overfit_frame,
    train_mse,
    training_runs,
)
from genmodels.ui.i18n import language, say, t
from genmodels.ui.names import model_name
from genmodels.zoo import check_int

# The y axis of each chart, per family (PHRASES keys); x is always the epoch.
Y_TITLES = {
    "AE": {"loss": "axis_ae_loss", "quality": "axis_psnr"},
    "VAE": {"loss": "axis_vae_loss", "kl": "axis_kl"},
    "GAN": {"gan_loss": "axis_gan_loss", "critic": "axis_critic"},
    "diffusion": {"loss": "axis_diffusion_loss", "quality": "axis_class_accuracy"},
    "classifier": {"loss": "axis_classifier_loss", "quality": "axis_classifier_accuracy"},
}
CHART_LABELS = {chart: f"plot_{chart}" for chart in CHART_SERIES}
LEFT_CHARTS, RIGHT_CHARTS = ("loss", "gan_loss"), ("quality", "kl", "critic")
COLORS = {  # the same colour for a series on every chart
    "train": "#1f77b4", "test": "#d62728", "discriminator": "#ff7f0e", "generator": "#2ca02c",
    "real": "#1f77b4", "generated": "#d62728", "W estimate": "#7f7f7f",
    # matplotlib's tab20 for the 16 latent dimensions
    **dict(zip(CHART_SERIES["kl"], (
        "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
        "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7",
    ))),
}  # fmt: skip
OVERFIT_COLORS = {
    f"{label} · {series}": color
    for label, shades in zip(OVERFIT_RUNS.values(), (("#fc9272", "#a50f15"), ("#9ecae1", "#08519c")))
    for series, color in zip(("train", "test"), shades)
}
DEFAULT_MODEL = "ae"
OVERFIT_Y_TOP = 0.03  # MSE: the first epochs (0.1) would flatten the part where the curves part
# The events read small shipped files and run no model: public endpoints, outside the models' concurrency group.
# Raw inputs (no Gradio slider preprocessing), so that a bad epoch is answered by our check, which names it.
FILE_EVENT = {"concurrency_limit": None, "preprocess": False}


def line_plot(label_key: str, color_map: dict, elem_id: str, **kwargs) -> gr.LinePlot:
    return gr.LinePlot(
        x="epoch", y="value", color="series", color_map=color_map, color_title=" ", label=t(label_key),
        show_label=True, elem_id=elem_id, **kwargs,
    )  # fmt: skip


def grid_epochs(run) -> dict:
    """A slider over the epochs of `run`'s sample grids (every epoch, or every --sample-every), at the last. A
    slider's two ends must differ: a run with one grid (or none) gets a slider one step long."""
    epochs = sorted(run.grids) if run is not None else []
    step = epochs[1] - epochs[0] if len(epochs) > 1 else 1
    low, high = (epochs[0], epochs[-1]) if epochs else (0, 0)
    return dict(minimum=low, maximum=max(high, low + step), value=high, step=step)


def epoch_slider(run, label_key: str, elem_id: str) -> gr.Slider:
    return gr.Slider(**grid_epochs(run), label=t(label_key), elem_id=elem_id)


def grid_picture(path) -> Image.Image | None:
    return Image.open(path) if path is not None else None


def build(zoo) -> links.TabView:
    runs = training_runs(zoo.weights_dir)
    shown = {key: run for key, run in runs.items() if key not in OVERFIT_RUNS}  # the study has its own section
    choices = [(model_name(key), key) for key in shown]

    def run_of(model):
        if model not in shown:
            raise gr.Error(f"model must be one of {', '.join(shown)}, got {model!r}", print_exception=False)
        return shown[model]

    def epoch_of(run, epoch) -> int:
        """A slider's epoch, checked against the run's grids."""
        grids = run.grids
        if not grids:
            raise gr.Error(f"{run.key} has no sample grids", print_exception=False)
        try:
            return check_int(epoch, "epoch", min(grids), max(grids))
        except (ValueError, TypeError) as error:
            raise gr.Error(str(error), print_exception=False) from None

    def training_curves(model, request: gr.Request):
        """A model's training run -> a summary line, the five charts (loss, GAN loss, test measurement, KL per
        latent dimension, discriminator score; those of other families hidden and empty), the epoch slider set
        to its last grid, and that grid. model: one of the shipped folders with a metrics.jsonl."""
        run, lang = run_of(model), language(request)
        frames = curves(run)
        charts = FAMILY_CHARTS[run.family]
        plots = [
            gr.LinePlot(
                value=frames[chart],
                visible=chart in charts,
                x_title=say(request, "axis_epoch"),
                y_title=say(request, Y_TITLES[run.family][chart]) if chart in charts else None,
            )
            for chart in (*LEFT_CHARTS, *RIGHT_CHARTS)
        ]
        slider = grid_epochs(run)
        summary = say(
            request, "training_run", name=model_name(model, lang), epochs=run.last_epoch,
            steps=run.records[-1]["step"], minutes=run.records[-1]["minutes"],
        )  # fmt: skip
        return (summary, *plots, gr.Slider(**slider), grid_picture(run.grid(slider["value"])))

    def training_samples(model, epoch):
        """The preview grid a model's training run drew after `epoch` -> one picture. epoch: 1..its last epoch."""
        run = run_of(model)
        return grid_picture(run.grid(epoch_of(run, epoch)))

    study = {key: runs[key] for key in OVERFIT_RUNS if key in runs}

    def overfit_samples(epoch):
        """Both runs of the overfitting study after `epoch` -> two pictures: test inputs (top) and their
        reconstructions (bottom), without and with regularisation."""
        if not study:
            raise gr.Error("the overfitting runs are not in this weights folder", print_exception=False)
        epoch = epoch_of(next(iter(study.values())), epoch)
        return tuple(grid_picture(study[key].grid(epoch)) if key in study else None for key in OVERFIT_RUNS)

    def overfit_summary(request: gr.Request) -> str:
        if len(study) < len(OVERFIT_RUNS):
            return say(request, "overfit_missing")
        overfit, regularised = (study[key].records for key in OVERFIT_RUNS)
        best = min(overfit, key=lambda r: r["test_mse"])
        return say(
            request, "overfit_summary", best_epoch=best["epoch"],
            best=best["test_mse"], last=overfit[-1]["test_mse"], epochs=overfit[-1]["epoch"],
            rise=overfit[-1]["test_mse"] / best["test_mse"] - 1, train=train_mse(overfit[-1]),
            reg_last=regularised[-1]["test_mse"], reg_train=train_mse(regularised[-1]),
        )  # fmt: skip

    def first_view(model, request: gr.Request):
        """The page's first view and links: the model's curves and grid, and the overfitting study."""
        overfit_slider = grid_epochs(study.get("ae_overfit"))
        titles = dict(x_title=say(request, "axis_epoch"), y_title=say(request, "axis_mse"))
        return (
            *training_curves(model, request),
            gr.LinePlot(**titles),
            overfit_summary(request),
            gr.Slider(**overfit_slider),
            *(overfit_samples(overfit_slider["value"]) if study else (None, None)),
        )

    with gr.Tab(t("tab_training"), id="training"):
        gr.Markdown(t("training_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("training_how"))
        model = gr.Dropdown(choices, value=DEFAULT_MODEL if DEFAULT_MODEL in shown else None, label=t("training_model"))
        summary = gr.Markdown(elem_id="training-summary")
        with gr.Row():
            with gr.Column():
                plots = {chart: line_plot(CHART_LABELS[chart], COLORS, f"training-{chart}") for chart in LEFT_CHARTS}
            with gr.Column():
                plots |= {chart: line_plot(CHART_LABELS[chart], COLORS, f"training-{chart}") for chart in RIGHT_CHARTS}
        with gr.Row():
            epoch = epoch_slider(shown.get(DEFAULT_MODEL), "training_epoch", "training-epoch")
        grid = image_output(t("training_grid"), height=320, elem_id="training-grid")

        gr.Markdown(t("overfit_header"))
        gr.Markdown(t("overfit_intro"))
        with gr.Row():
            overfit_plot = line_plot(
                "plot_overfit", OVERFIT_COLORS, "training-overfit", value=overfit_frame(runs), y_lim=[0, OVERFIT_Y_TOP]
            )
            with gr.Column():
                overfit_text = gr.Markdown(elem_id="overfit-summary")
                overfit_epoch = epoch_slider(study.get("ae_overfit"), "overfit_epoch", "overfit-epoch")
                with gr.Row():
                    overfit_grids = [
                        image_output(t(label), height=240, elem_id=f"{key.replace('_', '-')}-grid")
                        for key, label in zip(OVERFIT_RUNS, ("overfit_grid", "regularised_grid"))
                    ]

    chart_plots = [plots[chart] for chart in (*LEFT_CHARTS, *RIGHT_CHARTS)]
    model.input(
        training_curves, inputs=model, outputs=[summary, *chart_plots, epoch, grid], api_name="training_curves",
        **FILE_EVENT,
    )  # fmt: skip
    epoch.change(training_samples, inputs=[model, epoch], outputs=grid, api_name="training_samples", **FILE_EVENT)
    overfit_epoch.change(
        overfit_samples, inputs=overfit_epoch, outputs=overfit_grids, api_name="overfit_samples", **FILE_EVENT
    )
    settings = [links.Setting("model", model, links.one_of(choices))]
    outputs = [summary, *chart_plots, epoch, grid, overfit_plot, overfit_text, overfit_epoch, *overfit_grids]
    return links.TabView("training", settings, first_view, outputs)
