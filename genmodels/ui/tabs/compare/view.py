"""Compare tab, the app's headline: the four families on one seed, the time each took, then how good against how
fast each one measured (FD against ms per image), classifier-free guidance against class accuracy, DDIM steps
against FD, and the quality tables. Every figure except this request's time is read from weights/metrics.json
(`python -m genmodels.measure.evaluate`). Endpoint: /compare. Link settings: n, seed (?tab=compare&n=4&seed=7)."""

from __future__ import annotations

import time

import gradio as gr
import numpy as np
import pandas as pd
import torch

from genmodels import uploads
from genmodels.ui import race
from genmodels.ui.components import links
from genmodels.ui.components.common import (
    MODEL_EVENT,
    UI_EVENT,
    diffusion_gpu_seconds,
    example_files,
    int_slider,
    model_fn,
    seed_input,
    sheet,
    sheet_output,
)
from genmodels.ui.components.measured import live_metrics, phrase, read_metrics, significant
from genmodels.ui.components.plots import ddim_steps_frame, guidance_frame, speed_quality_frame
from genmodels.ui.components.suite import gain_bars
from genmodels.ui.i18n import language, t
from genmodels.ui.names import family_name, model_name
from genmodels.zoo import MAX_SEED, check_int, check_seed

DIFFUSION_STEPS = 25  # DDIM: good samples at a tenth of DDPM's steps
DIFFUSION_ETA = 0.0


def latency_frame(rows, lang: str) -> pd.DataFrame:
    """[(model key, shown name, ms or None, images)] -> family | model | ms this request ↓ | ms per image ↓
    (3 significant figures). The ms column stays third: API clients read it there."""
    columns = [
        phrase(lang, "h_family"),
        phrase(lang, "h_model"),
        f"{phrase(lang, 'h_ms_request')}\u00a0↓",  # no-break space, as in measured.header
        f"{phrase(lang, 'h_ms_per_image')}\u00a0↓",
    ]
    table = [
        [
            family_name(key, lang),
            name,
            None if ms is None else float(significant(ms)),
            None if ms is None or not images else float(significant(ms / images)),
        ]
        for key, name, ms, images in rows
    ]
    return pd.DataFrame(table, columns=columns)


# -- the plots: a frame and its colours ----------------------------------------------------------------------


AXES = {  # plot -> the phrases of its x, y and legend titles
    "speed": ("axis_log_ms", "axis_fd", "legend_model"),
    "guidance": ("axis_guidance", "axis_accuracy", "legend_classes"),
    "steps": ("axis_steps", "axis_fd", "legend_eta"),
    "race": ("axis_nfe", "axis_fd", "legend_sampler"),
    "suite": ("axis_suite_bar", "axis_gain", "legend_method"),
}


def titles(plot: str, lang: str) -> dict:
    """A plot's axis and legend titles in one language. Plain strings: a native plot shows a translated
    (gr.I18n) title but sizes it by the untranslated text, which cuts a short axis's title to "DD…"."""
    x, y, legend = (phrase(lang, key) for key in AXES[plot])
    return dict(x_title=x, y_title=y, color_title=legend)


def speed_plot(metrics: dict) -> dict:
    frame, colors = speed_quality_frame(metrics)
    return dict(value=frame, color_map=colors)


def guidance_plot(metrics: dict) -> dict:
    return dict(value=guidance_frame(metrics), color_map={"mean": "#54278f", "min": "#fd8d3c"})


def steps_plot(metrics: dict) -> dict:
    return dict(value=ddim_steps_frame(metrics), color_map={"η = 0": "#fd8d3c", "η = 1": "#54278f"})


def shipped_metrics(zoo) -> dict:
    result = read_metrics(zoo.weights_dir)
    return result if isinstance(result, dict) else {}  # no metrics.json: empty plots; the tables say why


MAX_IMAGES = 16


def gpu_seconds(n, **_call) -> int:
    """ZeroGPU: the four families' run is sized by its diffusion samples (the others take milliseconds)."""
    return diffusion_gpu_seconds(DIFFUSION_STEPS, n)


def build(zoo) -> links.TabView:
    @model_fn(gpu_seconds=gpu_seconds)
    def compare(n, seed, request: gr.Request):
        """The four families on one seed -> AE reconstructions of test images (an AE cannot sample), VAE samples,
        DCGAN samples, diffusion samples (DDIM, 25 steps, any class), and each model's latency. n 1..16."""
        return run_all(check_int(n, "n", 1, MAX_IMAGES), check_seed(seed), language(request))

    def run_all(n: int, seed: int, lang: str) -> tuple:
        files = example_files("fashion")
        chosen = np.random.default_rng(seed).permutation(len(files))[: min(n, len(files))]
        jobs = {  # model key -> (how the table names it, its batch)
            "ae": (
                model_name("ae", lang),
                lambda: (
                    torch.cat([zoo.reconstruct(uploads.load_upload(files[i]), "ae")["reconstruction"] for i in chosen])
                    if len(chosen)
                    else None
                ),
            ),
            "vae": (model_name("vae", lang), lambda: zoo.vae_sample(n, seed, 1.0, "vae")),
            "dcgan": (model_name("dcgan", lang), lambda: zoo.gan_sample(n, seed, "dcgan", 1.0)),
            "diffusion": (
                f"DDIM-{DIFFUSION_STEPS}, η = {DIFFUSION_ETA:g}",
                lambda: zoo.diffusion_sample("any", 0.0, "DDIM", DIFFUSION_STEPS, DIFFUSION_ETA, n, seed)["images"],
            ),
        }
        galleries, rows = [], []
        for key, (name, run) in jobs.items():
            start = time.perf_counter()
            try:
                batch = run()
            except ValueError as error:  # arguments were checked above: the model is missing
                galleries.append(None)
                rows.append((key, f"{name}: {phrase(lang, 'unavailable').format(why=error)}", None, 0))
                continue
            milliseconds = 1000 * (time.perf_counter() - start)
            galleries.append(sheet(batch, columns=4) if batch is not None else None)
            rows.append((key, name, milliseconds, 0 if batch is None else len(batch)))
        return (*galleries, latency_frame(rows, lang))

    metrics = shipped_metrics(zoo)
    with gr.Tab(t("tab_compare"), id="compare") as tab:
        gr.Markdown(t("compare_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("compare_how"))
        with gr.Row():
            n = int_slider(t("n_images"), 1, MAX_IMAGES, 8)
            seed = seed_input(t("seed"))
            run = gr.Button(t("generate_all"), variant="primary", elem_id="compare-run")
        outputs = []
        with gr.Row():
            for key in ("col_ae", "col_vae", "col_gan", "col_diffusion"):
                with gr.Column(min_width=240):
                    # the name above the pictures, not Gradio's label badge, which covers the first row
                    gr.Markdown(t(key))
                    outputs.append(sheet_output(t(key), show_label=False, buttons=[], elem_id=f"compare-{key[4:]}"))
        latency = gr.Dataframe(
            value=latency_frame([], "en"),  # real headers before the first request
            label=t("latency"),
            interactive=False,
            wrap=True,
            elem_id="compare-latency",
        )

        gr.Markdown(t("speed_header"))
        speed = gr.ScatterPlot(
            **speed_plot(metrics),
            x="log10_ms",
            y="fd",
            color="model",
            tooltip=["ms / image", "N"],
            **titles("speed", "en"),
            label=t("plot_speed"),
            show_label=True,
            caption=t("plot_speed_caption"),
            elem_id="compare-speed",
        )
        gr.Markdown(t("diffusion_header"))
        with gr.Row(equal_height=True):
            guidance = gr.LinePlot(
                **guidance_plot(metrics),
                x="w",
                y="accuracy",
                color="classes",
                **titles("guidance", "en"),
                y_lim=[0, 100],
                label=t("plot_guidance"),
                show_label=True,
                elem_id="compare-guidance",
            )
            steps = gr.LinePlot(
                **steps_plot(metrics),
                x="steps",
                y="fd",
                color="eta",
                **titles("steps", "en"),
                y_lim=[0, None],
                label=t("plot_steps"),
                show_label=True,
                elem_id="compare-steps",
            )

        race_frame = race.fd_nfe_frame(metrics)
        race_plot = gr.LinePlot(
            value=race_frame,
            x="nfe",
            y="fd",
            color="sampler",
            tooltip=["steps", "N"],
            **titles("race", "en"),
            y_lim=[0, None],
            label=t("plot_race"),
            show_label=True,
            elem_id="compare-race",
        )
        if race_frame.empty:  # the plot stays, empty, so the page keeps its layout once the race is measured
            gr.Markdown(t("race_not_measured"), elem_id="compare-race-note")  # it names race.RACE_COMMAND

        gr.Markdown(t("suite_header"))
        bars = gain_bars(metrics)
        suite_plot = gr.BarPlot(
            value=bars,
            x="bar",
            y="gain_db",
            color="method",
            tooltip=["degradation"],  # and x, y and the colour, as every native plot
            sort=list(bars["bar"]) or None,  # grouped by degradation, in the Denoise tab's table order
            x_label_angle=-60,
            **titles("suite", "en"),
            label=t("plot_suite"),
            show_label=True,
            caption=t("plot_suite_caption"),
            elem_id="compare-suite",
        )
        if bars.empty:  # as the race: the plot keeps its place until the suite is measured
            gr.Markdown(t("suite_not_measured"), elem_id="compare-suite-note")  # it names suite.SUITE_COMMAND

        gr.Markdown(t("metrics_header"))
        live_metrics(zoo, tab)

    run.click(compare, inputs=[n, seed], outputs=[*outputs, latency], api_name="compare", **MODEL_EVENT)

    # Opening the tab titles the plots in the visitor's language (only the titles: a native plot keeps the
    # colour domain of its first drawing, so its data and legend entries read the same in every language).
    def retitle(request: gr.Request):
        lang = language(request)
        return tuple(gr.update(**titles(plot, lang)) for plot in AXES)

    tab.select(retitle, outputs=[speed, guidance, steps, race_plot, suite_plot], **UI_EVENT)

    # The page's first view and links (?tab=compare&n=4&seed=7): the four families on those settings, remembered
    # per language, so page loads do not run the four models again (the latency table is of the run that made it).
    first_view = links.remembered(model_fn(gpu_seconds=gpu_seconds)(run_all))
    settings = [
        links.Setting("n", n, links.integer(1, MAX_IMAGES)),
        links.Setting("seed", seed, links.integer(0, MAX_SEED)),
    ]
    return links.TabView(
        "compare", settings, lambda n, seed, request: first_view(n, seed, language(request)), [*outputs, latency]
    )
