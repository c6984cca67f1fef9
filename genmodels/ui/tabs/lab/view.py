"""Lab tab: a GAN on 2-D points trained live in the visitor's request (Train, Stop, and one D or G update at a
time), and the sweep's measurements of every setting it offers. Endpoint: /lab_gan (API.md).
Link settings (?tab=lab&...): data, loss, steps, seed, sn, smoothing, d_steps, bn."""

from __future__ import annotations

import gradio as gr

from genmodels.checks import MAX_SEED
from genmodels.lab import live, toy_data
from genmodels.lab.gan2d import GAN2D, LOSSES, lab_config
from genmodels.lab.sweep import sweep_frame
from genmodels.ui.components import links
from genmodels.ui.components.common import RAW_INPUTS, UI_EVENT, model_fn, seed_input
from genmodels.ui.components.measured import read_metrics
from genmodels.ui.i18n import language, say, t

from . import dirac_view
from .frames import COVERAGE, CURVES, gan_picture, history_frames

DATASETS = list(toy_data.DATASETS)
DEFAULT_STEPS = 1000
# Lab runs train on the CPU in their own group: a run must not hold the models' group (a visitor's samples would
# wait for it); two runs at most, each a few seconds, and everyone else waits in the queue, told their place.
LAB_EVENT = {"concurrency_id": "lab", "concurrency_limit": 2, **RAW_INPUTS}  # our checks name a bad value
STATE_SECONDS = 900  # a visitor's run (for the Step buttons) is dropped this long after their last event
RESULT_POINTS = 500  # generated and real points the API returns


def result(run: GAN2D, snap: dict, seconds: float) -> dict:
    """The API's last output: the run's figures, its final points and a sample of the data."""
    return {
        "modes_covered": snap["modes_covered"],
        "modes_total": snap["modes_total"],
        "high_quality": snap["high_quality"],
        "updates_per_second": run.g_updates / seconds if seconds > 0 else None,
        "g_updates": run.g_updates,
        "d_updates": run.d_updates,
        "d_accuracy_real": snap["d_accuracy_real"],
        "d_accuracy_fake": snap["d_accuracy_fake"],
        "settings": run.settings(),
        "points": [[round(x, 4), round(y, 4)] for x, y in run.points(RESULT_POINTS)[0].tolist()],
        "real": [[round(x, 4), round(y, 4)] for x, y in run.eval_real[:RESULT_POINTS].tolist()],
    }


def progress_line(request, snap: dict, seconds: float) -> str:
    speed = snap["g_updates"] / seconds if seconds > 0 else 0.0
    common = {"step": snap["g_updates"], "real": snap["d_accuracy_real"], "fake": snap["d_accuracy_fake"]}
    if snap["modes_total"] is None:
        return say(request, "lab_progress_manifold", speed=speed, **common)
    covered, total, quality = snap["modes_covered"], snap["modes_total"], snap["high_quality"]
    return say(request, "lab_progress", covered=covered, total=total, quality=quality, speed=speed, **common)


def frame(run: GAN2D, history: list[dict], seconds: float, request) -> tuple:
    """(picture, progress line, losses frame, coverage frame, result) of `run` as it stands."""
    snap = run.snapshot()[0]
    history.append(snap)
    labels = {key: say(request, f"lab_series_{key}") for key in (*CURVES, *COVERAGE)}
    losses, coverage = history_frames(history, labels)
    return (
        gan_picture(run),
        progress_line(request, snap, seconds),
        losses,
        coverage,
        result(run, snap, seconds),
    )


def build(zoo) -> links.TabView:
    @model_fn
    def lab_gan(
        dataset, loss, steps, seed, spectral_norm, label_smoothing, d_steps, lr_d, lr_g, batch_norm, request: gr.Request
    ):
        """Train a GAN on 2-D points from scratch and stream its frames; the same arguments give the same run.

        Args:
            dataset: "ring" (8 Gaussians), "grid" (5x5 Gaussians), "swiss_roll" or "moons"
            loss: "minimax", "non_saturating", "hinge", "wgan" (weight clipping) or "wgan-gp"
            steps: generator updates, 1..5000 (a run also stops after 60 s)
            seed: an integer in 0..2**31-1: the networks' initial weights and every random draw
            spectral_norm: spectral normalisation of the discriminator's layers (true/false)
            label_smoothing: one-sided label smoothing, real targets 0.9 (true/false; standard losses)
            d_steps: discriminator updates per generator update, 0..10 (0: the loss's own, 5 for WGAN)
            lr_d: the discriminator's Adam/RMSprop learning rate, 0..0.01 (0: the loss's own)
            lr_g: the generator's learning rate, 0..0.01 (0: the loss's own)
            batch_norm: batch norm in both networks (true/false)

        Returns:
            the picture (D's heat map, real points dark, generated green, the generator's push as arrows), a
            progress line, the losses and the coverage frames (g_updates, series, value), and a JSON object:
            modes_covered, modes_total, high_quality, updates_per_second, points (the final generated points),
            real (a sample of the data), the run's settings and counts
        """
        config = lab_config(dataset, loss, seed, spectral_norm, label_smoothing, d_steps, lr_d, lr_g, batch_norm)
        run, history = GAN2D(config), []
        for seconds in live.train(run, steps):
            yield (*frame(run, history, seconds, request), run)

    def one_update(which, dataset, loss, seed, spectral_norm, label_smoothing, d_steps, lr_d, lr_g, batch_norm, run,
                   request: gr.Request):  # fmt: skip
        """The Step buttons: one D or G update of the visitor's run (a new one when the settings changed)."""
        config = lab_config(dataset, loss, seed, spectral_norm, label_smoothing, d_steps, lr_d, lr_g, batch_norm)
        if run is None or run.config != config.resolved():
            run = GAN2D(config)
        run.d_step() if which == "d" else run.g_step()
        return (*frame(run, [], 0.0, request), run)

    one_update = model_fn(one_update)

    def first_view(dataset, loss, steps, seed, spectral_norm, label_smoothing, d_steps, batch_norm, request=None):
        """The page's first view: the run's untrained state (training is the visitor's to start)."""
        config = lab_config(dataset, loss, seed, spectral_norm, label_smoothing, d_steps, 0.0, 0.0, batch_norm)
        dirac_defaults = [component.value for component in dirac_inputs]
        return (
            *frame(GAN2D(config), [], 0.0, request)[:4],
            sweep_frame(sweep, language(request)),
            *lab_dirac(*dirac_defaults, request=request)[:2],
        )

    metrics = read_metrics(zoo.weights_dir)
    sweep = metrics.get("lab") if isinstance(metrics, dict) else None
    with gr.Tab(t("tab_lab"), id="lab") as tab:
        gr.Markdown(t("lab_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("lab_how"))
        gr.Markdown(t("lab_gan_header"))
        with gr.Row():
            with gr.Column(scale=2):
                dataset = gr.Radio(DATASETS, value="ring", label=t("lab_dataset"), elem_id="lab-dataset")
                loss = gr.Radio(list(LOSSES), value="non_saturating", label=t("lab_loss"), elem_id="lab-loss")
                with gr.Row():
                    steps = gr.Slider(
                        10, live.MAX_STEPS, value=DEFAULT_STEPS, step=10, precision=0, label=t("lab_steps")
                    )
                    seed = seed_input(t("seed"), elem_id="lab-seed")
                with gr.Row():
                    spectral_norm = gr.Checkbox(False, label=t("lab_spectral_norm"))
                    label_smoothing = gr.Checkbox(False, label=t("lab_label_smoothing"))
                with gr.Accordion(t("lab_more"), open=False):
                    d_steps = gr.Slider(0, 10, value=0, step=1, precision=0, label=t("lab_d_steps"))
                    with gr.Row():
                        lr_d = gr.Number(0.0, minimum=0, maximum=0.01, label=t("lab_lr_d"))
                        lr_g = gr.Number(0.0, minimum=0, maximum=0.01, label=t("lab_lr_g"))
                    batch_norm = gr.Checkbox(False, label=t("lab_batch_norm"))
                with gr.Row():
                    train = gr.Button(t("lab_train"), variant="primary", elem_id="lab-train")
                    stop = gr.Button(t("lab_stop"), variant="stop", elem_id="lab-stop")
                with gr.Row():
                    one_d = gr.Button(t("lab_step_d"), size="sm", elem_id="lab-step-d")
                    one_g = gr.Button(t("lab_step_g"), size="sm", elem_id="lab-step-g")
            with gr.Column(scale=3):
                picture = gr.Image(label=t("lab_picture"), type="pil", format="png", height=420, elem_id="lab-picture")
                progress = gr.Markdown(elem_id="lab-progress")
        with gr.Row():
            losses = gr.LinePlot(
                x="g_updates", y="value", color="series", label=t("lab_losses"), height=240, elem_id="lab-losses"
            )
            coverage = gr.LinePlot(
                x="g_updates", y="value", color="series", label=t("lab_coverage"), height=240, y_lim=[0, 1],
                elem_id="lab-coverage",
            )  # fmt: skip
        output = gr.JSON(label=t("lab_result"), open=False, elem_id="lab-result")
        run_state = gr.State(None, time_to_live=STATE_SECONDS)

        gr.Markdown(t("lab_sweep_header"))
        gr.Markdown(t("lab_sweep_intro"))
        sweep_table = gr.Dataframe(
            sweep_frame(sweep, "en"), label=t("lab_sweep_table"),
            interactive=False, elem_id="lab-sweep",
        )  # fmt: skip
        dirac_inputs, lab_dirac, dirac_outputs = dirac_view.build()
    del tab

    knobs = [dataset, loss, steps, seed, spectral_norm, label_smoothing, d_steps, lr_d, lr_g, batch_norm]
    shown = [picture, progress, losses, coverage, output, run_state]
    training = train.click(lab_gan, inputs=knobs, outputs=shown, api_name="lab_gan", **LAB_EVENT)
    stop.click(None, cancels=[training], **UI_EVENT)
    step_knobs = [dataset, loss, seed, spectral_norm, label_smoothing, d_steps, lr_d, lr_g, batch_norm, run_state]
    for button, which in ((one_d, "d"), (one_g, "g")):
        button.click(one_update, [gr.State(which), *step_knobs], shown, api_visibility="private", **LAB_EVENT)

    settings = [
        links.Setting("data", dataset, links.one_of(DATASETS)),
        links.Setting("loss", loss, links.one_of(LOSSES)),
        links.Setting("steps", steps, links.integer(1, live.MAX_STEPS)),
        links.Setting("seed", seed, links.integer(0, MAX_SEED)),
        links.Setting("sn", spectral_norm, links.boolean),
        links.Setting("smoothing", label_smoothing, links.boolean),
        links.Setting("d_steps", d_steps, links.integer(0, 10)),
        links.Setting("bn", batch_norm, links.boolean),
    ]
    outputs = [picture, progress, losses, coverage, sweep_table, *dirac_outputs]
    return links.TabView("lab", settings, first_view, outputs)
