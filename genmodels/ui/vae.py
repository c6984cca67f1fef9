"""VAE tab: samples from the prior (β = 1 next to β = 4), interpolation between two images, and the 2-D
latent map where a click decodes a point. Endpoints: /vae_sample, /interpolate (API.md), plus
/beta_vae_sample and /decode_latent. Link settings (?tab=vae&...): n, seed, temperature, z1, z2."""

from __future__ import annotations

import gradio as gr

from ..zoo import INTERPOLATION_STEPS, LATENT_LIMIT, MAX_SAMPLES, MAX_SEED, MAX_TEMPERATURE, check_choice
from . import links
from .common import (
    MODEL_EVENT,
    UPLOAD_EVENT,
    VALUES_EVENT,
    example_files,
    sheet,
    sheet_output,
    image_input,
    image_output,
    int_slider,
    model_fn,
    picture,
    read_image,
    seed_input,
)
from .measured import measured_panel
from .plots import LatentMap
from .text import t


def build(zoo) -> links.TabView:
    @model_fn
    def vae_sample(n, seed, temperature):
        """n images decoded from z ~ N(0, temperature² I) by the VAE (β = 1) -> sheet. n 1..64, temperature 0..2."""
        return sheet(zoo.vae_sample(n, seed, temperature, model="vae"))

    @model_fn
    def beta_vae_sample(n, seed, temperature):
        """The same latents as /vae_sample, decoded by the β-VAE (β = 4) -> sheet."""
        return sheet(zoo.vae_sample(n, seed, temperature, model="beta_vae"))

    @model_fn
    def interpolate(image_a, image_b, model, steps, mode):
        """Decode `steps` points between the codes of two images -> sheet, image_a's reconstruction first.
        model "ae" | "vae", steps 2..16, mode "linear" | "slerp"."""
        a, b = read_image(image_a, "image_a"), read_image(image_b, "image_b")
        return sheet(zoo.interpolate(a, b, check_choice(model, "model", ("ae", "vae")), steps, mode))

    def latent_map_image(marker=None):
        """The map with `marker` drawn on it; a missing model or dataset is a notice, not an error dialog.
        A model call (the zoo encodes the test set the first time): the callers run it inside model_fn."""
        try:
            return LatentMap(**zoo.latent_map()).render(marker=marker)
        except (ValueError, FileNotFoundError) as error:
            gr.Warning(f"The 2-D latent map is not available: {error}")
            return None

    @links.remembered
    @model_fn
    def first_view(n, seed, temperature, z1, z2):
        """The page's first view and links: both galleries, the map with (z1, z2) marked, that point decoded."""
        return (
            sheet(zoo.vae_sample(n, seed, temperature, model="vae")),
            sheet(zoo.vae_sample(n, seed, temperature, model="beta_vae")),
            latent_map_image(marker=(z1, z2)),
            picture(zoo.decode_latent(z1, z2)),
        )

    @model_fn
    def decode_latent(z1, z2):
        """Decode the point (z1, z2) of the 2-D VAE's latent plane -> image. Each coordinate in [-10, 10]."""
        return picture(zoo.decode_latent(z1, z2))

    @model_fn(errors=(ValueError, FileNotFoundError))
    def decode_click(event: gr.SelectData):
        latent_map = LatentMap(**zoo.latent_map())
        z1, z2 = latent_map.to_latent(*event.index[:2])
        z1, z2 = round(z1, 3), round(z2, 3)
        return z1, z2, picture(zoo.decode_latent(z1, z2)), latent_map.render(marker=(z1, z2))

    with gr.Tab(t("tab_vae"), id="vae") as tab:
        gr.Markdown(t("vae_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("vae_how"))
        measured_panel(zoo, tab, ("vae", "beta_vae", "vae2d"))

        gr.Markdown(t("sample_header"))
        with gr.Row():
            n = int_slider(t("n_images"), 1, MAX_SAMPLES, 16)
            seed = seed_input(t("seed"))
            temperature = gr.Slider(0, MAX_TEMPERATURE, value=1.0, step=0.05, label=t("temperature"))
            sample = gr.Button(t("sample"), variant="primary", elem_id="vae-run")
        with gr.Row():
            samples = sheet_output(t("vae_beta1"), elem_id="vae-samples")
            beta_samples = sheet_output(t("vae_beta4"), elem_id="vae-beta-samples")

        gr.Markdown(t("interp_header"))
        with gr.Row():
            image_a = image_input(t("image_a"), height=200)
            image_b = image_input(t("image_b"), height=200)
            with gr.Column():
                interp_model = gr.Radio([("AE", "ae"), ("VAE", "vae")], value="vae", label=t("interp_model"))
                interp_steps = int_slider(t("interp_steps"), *INTERPOLATION_STEPS, 8)
                mode = gr.Radio(["linear", "slerp"], value="slerp", label=t("interp_mode"))
                run_interp = gr.Button(t("interpolate"), variant="primary")
        frames = sheet_output(t("frames"))
        files = example_files("fashion")
        if len(files) >= 2:
            pairs = [[files[i], files[(i + 1) % len(files)]] for i in range(0, len(files), 2)]
            examples = gr.Examples(pairs, inputs=[image_a, image_b], label=t("examples"))
            examples.dataset.headers = [
                "A",
                "B",
            ]  # the table header shows labels untranslated: keep it language-neutral

        gr.Markdown(t("map_header"))
        gr.Markdown(t("map_help"))
        with gr.Row():
            latent_map = gr.Image(
                elem_id="vae-map", label=t("map"), format="png", interactive=False, height=480, scale=3
            )
            with gr.Column(scale=1):
                decoded = image_output(t("decoded"), height=224, elem_id="vae-decoded")
                z1 = gr.Number(label="z1", value=0.0, minimum=-LATENT_LIMIT, maximum=LATENT_LIMIT)
                z2 = gr.Number(label="z2", value=0.0, minimum=-LATENT_LIMIT, maximum=LATENT_LIMIT)
                decode = gr.Button(t("decode"), variant="primary")  # primary: Enter in z1 / z2 runs it

    for fn, output, name in ((vae_sample, samples, "vae_sample"), (beta_vae_sample, beta_samples, "beta_vae_sample")):
        sample.click(fn, inputs=[n, seed, temperature], outputs=output, api_name=name, **VALUES_EVENT)
    run_interp.click(
        interpolate,
        inputs=[image_a, image_b, interp_model, interp_steps, mode],
        outputs=frames,
        api_name="interpolate",
        **UPLOAD_EVENT,
    )
    latent_map.select(decode_click, outputs=[z1, z2, decoded, latent_map], api_visibility="private", **MODEL_EVENT)
    decode.click(decode_latent, inputs=[z1, z2], outputs=decoded, api_name="decode_latent", **MODEL_EVENT)

    settings = [
        links.Setting("n", n, links.integer(1, MAX_SAMPLES)),
        links.Setting("seed", seed, links.integer(0, MAX_SEED)),
        links.Setting("temperature", temperature, links.number(0, MAX_TEMPERATURE)),
        links.Setting("z1", z1, links.number(-LATENT_LIMIT, LATENT_LIMIT)),
        links.Setting("z2", z2, links.number(-LATENT_LIMIT, LATENT_LIMIT)),
    ]
    return links.TabView("vae", settings, first_view, [samples, beta_samples, latent_map, decoded])
