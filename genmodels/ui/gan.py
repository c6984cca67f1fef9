"""GAN tab: two variants side by side on the same seeds, truncation, a latent walk between two seeds and a
mode-collapse meter. Endpoints: /gan_sample (API.md), plus /gan_sample_right, /gan_walk and /mode_collapse."""

from __future__ import annotations

import gradio as gr
import torch

from ..zoo import MAX_SEED, check_float, check_seed
from .common import MODEL_EVENT, UI_EVENT, VALUES_EVENT, gallery, gallery_output, int_slider, model_fn, seed_input
from .measured import measured_panel
from .plots import class_count_frame
from .text import say, t

VARIANTS = [("DCGAN", "dcgan"), ("WGAN-GP", "wgan-gp")]
VARIANT_NAMES = {value: name for name, value in VARIANTS}
METER_SAMPLES = 256  # enough for a per-class share to be within about ±3 points
METER_BATCH = 64  # the zoo samples at most 64 per call


def build(zoo) -> None:
    @model_fn
    def gan_sample(n, seed, variant, truncation):
        """n generator samples from z ~ N(0, I)·truncation -> gallery. variant "dcgan" | "wgan-gp", truncation 0..2."""
        return gallery(zoo.gan_sample(n, seed, variant, truncation))

    @model_fn
    def gan_walk(seed_a, seed_b, steps, variant):
        """Slerp between the latents of two seeds -> gallery of `steps` frames (2..64), seed_a's sample first."""
        return gallery(zoo.gan_walk(seed_a, seed_b, steps, variant))

    @model_fn
    def mode_collapse(seed, truncation, request: gr.Request):
        """Classify 256 samples of each variant -> per-class counts (DCGAN, WGAN-GP) and a summary."""
        seed, truncation = check_seed(seed), check_float(truncation, "truncation", 0.0, 2.0)
        seeds = [(seed + i) % (MAX_SEED + 1) for i in range(METER_SAMPLES // METER_BATCH)]  # 4 x 64 samples
        plots, lines = [], []
        for label, variant in VARIANTS:
            try:  # arguments are valid, so an error here means a model is missing: report it, show the other
                counts = zoo.class_histogram(
                    torch.cat([zoo.gan_sample(METER_BATCH, s, variant, truncation) for s in seeds])
                )
            except ValueError as error:
                plots.append(None)
                lines.append(f"{label}: " + say(request, "unavailable", why=error))
                continue
            total = sum(counts)
            covered = sum(count >= 0.01 * total for count in counts)
            plots.append(class_count_frame(counts))
            lines.append(say(request, "coverage", variant=label, covered=covered, top=max(counts) / total))
        return plots[0], plots[1], "\n\n".join(lines)

    with gr.Tab(t("tab_gan"), id="gan") as tab:
        gr.Markdown(t("gan_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("gan_how"))
        measured_panel(zoo, tab, ("dcgan", "wgan_gp"))
        with gr.Row():
            n = int_slider(t("n_images"), 1, 64, 16)
            seed = seed_input(t("seed"))
            truncation = gr.Slider(0, 2, value=1.0, step=0.05, label=t("truncation"))
            sample = gr.Button(t("gan_sample"), variant="primary", elem_id="gan-run")
        with gr.Row():
            with gr.Column():
                variant_left = gr.Radio(VARIANTS, value="dcgan", label=t("variant_left"))
                left = gallery_output("DCGAN", columns=8, elem_id="gan-left")
            with gr.Column():
                variant_right = gr.Radio(VARIANTS, value="wgan-gp", label=t("variant_right"))
                right = gallery_output("WGAN-GP", columns=8, elem_id="gan-right")

        gr.Markdown(t("walk_header"))
        with gr.Row():
            seed_a = seed_input(t("seed_a"), value=1)
            seed_b = seed_input(t("seed_b"), value=2)
            walk_steps = int_slider(t("walk_steps"), 2, 64, 10)
            walk_variant = gr.Radio(VARIANTS, value="dcgan", label=t("variant"))
            walk = gr.Button(t("walk"), variant="primary")
        walk_frames = gallery_output(t("walk_frames"), columns=10)

        gr.Markdown(t("meter_header"))
        gr.Markdown(t("meter_help"))
        with gr.Row():
            meter_seed = seed_input(t("seed"))
            meter_truncation = gr.Slider(0, 2, value=1.0, step=0.05, label=t("truncation"))
            measure = gr.Button(t("measure"), variant="primary")
        with gr.Row():
            dcgan_plot = gr.BarPlot(
                x="class", y="count", label=t("histogram_dcgan"), sort=None, height=260, x_label_angle=-45
            )
            wgan_plot = gr.BarPlot(
                x="class", y="count", label=t("histogram_wgan"), sort=None, height=260, x_label_angle=-45
            )
        coverage = gr.Markdown()

    sample.click(
        gan_sample, inputs=[n, seed, variant_left, truncation], outputs=left, api_name="gan_sample", **VALUES_EVENT
    )
    sample.click(
        gan_sample,
        inputs=[n, seed, variant_right, truncation],
        outputs=right,
        api_name="gan_sample_right",
        **MODEL_EVENT,
    )
    # the panel titles follow the chosen variants
    for radio, panel in ((variant_left, left), (variant_right, right)):
        radio.change(lambda v: gr.Gallery(label=VARIANT_NAMES[v]), radio, panel, **UI_EVENT)
    walk.click(
        gan_walk,
        inputs=[seed_a, seed_b, walk_steps, walk_variant],
        outputs=walk_frames,
        api_name="gan_walk",
        **MODEL_EVENT,
    )
    measure.click(
        mode_collapse,
        inputs=[meter_seed, meter_truncation],
        outputs=[dcgan_plot, wgan_plot, coverage],
        api_name="mode_collapse",
        **MODEL_EVENT,
    )
