"""GAN tab: two variants side by side on the same seeds, truncation, a latent walk between two seeds and a
mode-collapse meter. Endpoints: /gan_sample (API.md), plus /gan_sample_right, /gan_walk and /mode_collapse.
Link settings (?tab=gan&...): n, seed, truncation, left, right (variants: dcgan, wgan-gp), and the walk's
walk_from, walk_to, walk_steps, walk_variant."""

from __future__ import annotations

import gradio as gr
import torch

from genmodels import registry
from genmodels.ui.components import links
from genmodels.ui.components.common import (
    MODEL_EVENT,
    UI_EVENT,
    VALUES_EVENT,
    int_slider,
    model_fn,
    seed_input,
    sheet,
    sheet_output,
)
from genmodels.ui.components.measured import measured_panel
from genmodels.ui.components.memorisation import nearest_panel
from genmodels.ui.components.plots import class_count_frame
from genmodels.ui.i18n import say, t
from genmodels.zoo import MAX_SAMPLES, MAX_SEED, MAX_TRUNCATION, WALK_STEPS, ModelUnavailable, check_seed

VARIANTS = [(spec.display_name(), spec.api_name) for spec in registry.specs(task="gan_sample")]  # (label, API's)
VARIANT_NAMES = {value: name for name, value in VARIANTS}
METER_SAMPLES = 256  # enough for a per-class share to be within about ±3 points
WALK_COLUMNS = 10  # the default walk (10 frames) reads as one row
METER_BATCH = 64  # the zoo samples at most 64 per call


def build(zoo) -> links.TabView:
    @model_fn
    def gan_sample(n, seed, variant, truncation):
        """Sample Fashion-MNIST images from a GAN generator: z ~ N(0, I) scaled by truncation.

        Args:
            n: how many images, 1..64
            seed: an integer in 0..2**31-1; the same arguments and seed give the same pixels
            variant: "dcgan", "wgan-gp" or "sn-gan" (spectrally normalised); the same seed gives each the same z
            truncation: the scale of z, 0..2 (below 1: more typical, less varied images)

        Returns:
            one PNG sheet of 28x28 tiles, 8 per row, 2 white pixels apart (genmodels.images.sheet_tiles cuts it)
        """
        return sheet(zoo.gan_sample(n, seed, variant, truncation))

    @model_fn
    def gan_walk(seed_a, seed_b, steps, variant):
        """Walk the GAN's latent space: frames along the slerp between the latents of two seeds.

        Args:
            seed_a: the seed of the first frame's latent, 0..2**31-1
            seed_b: the seed of the last frame's latent
            steps: how many frames, 2..64
            variant: "dcgan", "wgan-gp" or "sn-gan"

        Returns:
            one PNG sheet of the 28x28 frames in order, 10 per row, 2 white pixels apart
        """
        return sheet(zoo.gan_walk(seed_a, seed_b, steps, variant), columns=WALK_COLUMNS)

    @links.remembered
    @model_fn
    def first_view(n, seed, truncation, left_variant, right_variant, walk_from, walk_to, steps, walk_variant):
        """The page's first view and links: both panels, and the walk with its defaults."""
        return (
            sheet(zoo.gan_sample(n, seed, left_variant, truncation)),
            sheet(zoo.gan_sample(n, seed, right_variant, truncation)),
            sheet(zoo.gan_walk(walk_from, walk_to, steps, walk_variant), columns=WALK_COLUMNS),
        )

    @model_fn
    def mode_collapse(seed, truncation, request: gr.Request):
        """Classify 256 samples of each variant -> per-class counts (DCGAN, WGAN-GP, SN-GAN) and a summary."""
        seed = check_seed(seed)  # checked here: the zoo only sees the seeds derived from it; it checks truncation
        seeds = [(seed + i) % (MAX_SEED + 1) for i in range(METER_SAMPLES // METER_BATCH)]  # 4 x 64 samples
        plots, lines = [], []
        for label, variant in VARIANTS:
            try:  # a missing model is reported and the other shown; a bad truncation fails the request
                counts = zoo.class_histogram(
                    torch.cat([zoo.gan_sample(METER_BATCH, s, variant, truncation) for s in seeds])
                )
            except ModelUnavailable as error:
                plots.append(None)
                lines.append(f"{label}: " + say(request, "unavailable", why=error))
                continue
            total = sum(counts)
            covered = sum(count >= 0.01 * total for count in counts)
            plots.append(class_count_frame(counts))
            lines.append(say(request, "coverage", variant=label, covered=covered, top=max(counts) / total))
        return (*plots, "\n\n".join(lines))

    with gr.Tab(t("tab_gan"), id="gan") as tab:
        gr.Markdown(t("gan_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("gan_how"))
        measured_panel(zoo, tab, registry.names(family="GAN"))
        with gr.Row():
            n = int_slider(t("n_images"), 1, MAX_SAMPLES, 16)
            seed = seed_input(t("seed"), elem_id="gan-seed")
            truncation = gr.Slider(0, MAX_TRUNCATION, value=1.0, step=0.05, label=t("truncation"))
            sample = gr.Button(t("gan_sample"), variant="primary", elem_id="gan-run")
        with gr.Row():
            with gr.Column():
                variant_left = gr.Radio(VARIANTS, value="dcgan", label=t("variant_left"))
                left = sheet_output("DCGAN", elem_id="gan-left")
            with gr.Column():
                variant_right = gr.Radio(VARIANTS, value="wgan-gp", label=t("variant_right"))
                right = sheet_output("WGAN-GP", elem_id="gan-right")
        nearest_panel(zoo, "gan", [(t("variant_left"), left), (t("variant_right"), right)])

        gr.Markdown(t("walk_header"))
        with gr.Row():
            seed_a = seed_input(t("seed_a"), value=1)
            seed_b = seed_input(t("seed_b"), value=2)
            walk_steps = int_slider(t("walk_steps"), *WALK_STEPS, 10)
            walk_variant = gr.Radio(VARIANTS, value="dcgan", label=t("variant"))
            walk = gr.Button(t("walk"), variant="primary")
        walk_frames = sheet_output(t("walk_frames"))

        gr.Markdown(t("meter_header"))
        gr.Markdown(t("meter_help"))
        with gr.Row():
            meter_seed = seed_input(t("seed"))
            meter_truncation = gr.Slider(0, MAX_TRUNCATION, value=1.0, step=0.05, label=t("truncation"))
            measure = gr.Button(t("measure"), variant="primary")
        with gr.Row():
            dcgan_plot = gr.BarPlot(
                x="class", y="count", label=t("histogram_dcgan"), sort=None, height=260, x_label_angle=-45
            )
            wgan_plot = gr.BarPlot(
                x="class", y="count", label=t("histogram_wgan"), sort=None, height=260, x_label_angle=-45
            )
            sn_gan_plot = gr.BarPlot(
                x="class", y="count", label=t("histogram_sn_gan"), sort=None, height=260, x_label_angle=-45
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
        radio.change(lambda v: gr.Image(label=VARIANT_NAMES[v]), radio, panel, **UI_EVENT)
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
        outputs=[dcgan_plot, wgan_plot, sn_gan_plot, coverage],
        api_name="mode_collapse",
        **MODEL_EVENT,
    )
    choose_variant = links.one_of(VARIANTS)
    settings = [
        links.Setting("n", n, links.integer(1, MAX_SAMPLES)),
        links.Setting("seed", seed, links.integer(0, MAX_SEED)),
        links.Setting("truncation", truncation, links.number(0, MAX_TRUNCATION)),
        links.Setting("left", variant_left, choose_variant),
        links.Setting("right", variant_right, choose_variant),
        links.Setting("walk_from", seed_a, links.integer(0, MAX_SEED)),
        links.Setting("walk_to", seed_b, links.integer(0, MAX_SEED)),
        links.Setting("walk_steps", walk_steps, links.integer(*WALK_STEPS)),
        links.Setting("walk_variant", walk_variant, choose_variant),
    ]
    return links.TabView("gan", settings, first_view, [left, right, walk_frames])
