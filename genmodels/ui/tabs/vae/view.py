"""VAE tab: samples from the prior (β = 1 next to β = 4), and beside them the plain AE as a generator (its
decoder on codes from a Gaussian mixture fitted to its codes, and on N(0, I) codes); interpolation between two
images; posterior collapse (the KL of every latent dimension, β = 1 against β = 4, and one dimension swept);
the 2-D latent map where a click decodes a point.
Endpoints: /vae_sample, /interpolate (API.md), plus /beta_vae_sample, /ae_gmm_sample, /ae_normal_sample,
/vae_traverse (and /vae_traverse_b, its second panel) and /decode_latent.
Link settings (?tab=vae&...): n, seed, temperature, z1, z2, and the sweep's traverse_model, dim_a, dim_b,
traverse_steps, span, example."""

from __future__ import annotations

import gradio as gr

from genmodels import registry
from genmodels.ui.components import links
from genmodels.ui.components.common import (
    MODEL_EVENT,
    UPLOAD_EVENT,
    VALUES_EVENT,
    example_files,
    image_input,
    image_output,
    int_slider,
    model_fn,
    picture,
    read_image,
    seed_input,
    sheet,
    sheet_output,
)
from genmodels.ui.components.measured import measured_panel
from genmodels.ui.components.memorisation import nearest_panel
from genmodels.ui.components.plots import KL_COLORS, LatentMap
from genmodels.ui.i18n import t
from genmodels.zoo import (
    INTERPOLATION_STEPS,
    LATENT_LIMIT,
    MAX_SAMPLES,
    MAX_SEED,
    MAX_TEMPERATURE,
    TRAVERSE_STEPS,
    ModelUnavailable,
    check_choice,
)

from . import likelihoods
from .lessons import KL_MODELS, ae_generation_note, collapse_view, extreme_dimensions, kl_rows

TRAVERSE_CHOICES = [("VAE (β = 1)", "vae"), ("β-VAE (β = 4)", "beta_vae")]
TRAVERSE_EXAMPLE = "Trouser"  # the sweep's picture when the page opens


def build(zoo) -> links.TabView:
    @model_fn
    def vae_sample(n, seed, temperature):
        """Sample Fashion-MNIST images from the VAE (β = 1): z ~ N(0, temperature² I) through its decoder.

        Args:
            n: how many images, 1..64
            seed: an integer in 0..2**31-1; the same arguments and seed give the same pixels
            temperature: the scale of the latent noise, 0..2 (1 = the prior as trained; lower is smoother)
        Returns:
            one PNG sheet of 28x28 tiles, 8 per row, 2 white pixels apart (genmodels.images.sheet_tiles cuts it)
        """
        return sheet(zoo.vae_sample(n, seed, temperature, model="vae"))

    @model_fn
    def beta_vae_sample(n, seed, temperature):
        """Sample from the β-VAE (β = 4): the same latents as vae_sample, decoded into smoother, vaguer garments.

        Args:
            n: how many images, 1..64
            seed: an integer in 0..2**31-1; the same arguments and seed give the same pixels
            temperature: the scale of the latent noise, 0..2 (1 = the prior as trained; lower is smoother)
        Returns:
            one PNG sheet of 28x28 tiles, 8 per row, 2 white pixels apart (genmodels.images.sheet_tiles cuts it)
        """
        return sheet(zoo.vae_sample(n, seed, temperature, model="beta_vae"))

    @model_fn
    def ae_gmm_sample(n, seed, temperature):
        """Sample from the plain autoencoder: codes from a Gaussian mixture fitted on its training codes, decoded.

        Args:
            n: how many images, 1..64
            seed: an integer in 0..2**31-1; the same arguments and seed give the same pixels
            temperature: each mixture component's spread is scaled by it, 0..2 (1 = as fitted)
        Returns:
            one PNG sheet of 28x28 tiles, 8 per row, 2 white pixels apart (genmodels.images.sheet_tiles cuts it)
        """
        return sheet(zoo.ae_sample(n, seed, temperature, prior="gmm"))

    @model_fn
    def ae_normal_sample(n, seed, temperature):
        """Decode z ~ N(0, temperature² I) with the plain autoencoder, as a VAE samples: a lesson, the images fail
        (a plain AE's codes do not follow that prior; ae_gmm_sample samples it properly).

        Args:
            n: how many images, 1..64
            seed: an integer in 0..2**31-1; the same arguments and seed give the same pixels
            temperature: the scale of the latent noise, 0..2 (1 = the prior as trained; lower is smoother)
        Returns:
            one PNG sheet of 28x28 tiles, 8 per row, 2 white pixels apart (genmodels.images.sheet_tiles cuts it)
        """
        return sheet(zoo.ae_sample(n, seed, temperature, prior="normal"))

    @model_fn
    def vae_traverse(image, model, dimension, steps, span):
        """Encode an image, keep its posterior mean μ and sweep one latent dimension from -span to +span, the
        others fixed -> sheet of `steps` frames in one row. model "vae" | "beta_vae", dimension 0..15,
        steps 2..16, span 0..10."""
        x = read_image(image)
        frames = zoo.vae_traverse(x, check_choice(model, "model", KL_MODELS), dimension, steps, span)
        return sheet(frames, columns=steps)

    @model_fn
    def interpolate(image_a, image_b, model, steps, mode):
        """Morph one garment into another: decode points between the latent codes of two images.

        Args:
            image_a: the first picture (made 28x28 grayscale, garment light on dark)
            image_b: the second picture
            model: "ae" (plain autoencoder) or "vae"
            steps: how many frames, 2..16, image_a's reconstruction first and image_b's last
            mode: "linear" or "slerp" (along the sphere between the codes)
        Returns:
            one PNG sheet of the 28x28 frames in order, 8 per row, 2 white pixels apart
        """
        a, b = read_image(image_a, "image_a"), read_image(image_b, "image_b")
        return sheet(zoo.interpolate(a, b, check_choice(model, "model", ("ae", "vae")), steps, mode))

    def latent_map_image(marker=None):
        """The map with `marker` drawn on it (a model call, run inside model_fn); missing: a notice, not an error."""
        try:
            return LatentMap(**zoo.latent_map()).render(marker=marker)
        except (ValueError, FileNotFoundError) as error:
            gr.Warning(f"The 2-D latent map is not available: {error}")
            return None

    @links.remembered
    @model_fn
    def pictures(n, seed, temperature, z1, z2, traverse_model, dimension_a, dimension_b, steps, span, example=None):
        """The first view's pictures: four sample sheets, both sweeps of `example`, the map with (z1, z2) decoded."""
        sweeps = (None, None)
        if example is not None:
            x = read_image(example_set.read_bytes(example), "example")
            sweeps = tuple(
                sheet(zoo.vae_traverse(x, traverse_model, d, steps, span), columns=steps)
                for d in (dimension_a, dimension_b)
            )
        return (
            sheet(zoo.vae_sample(n, seed, temperature, model="vae")),
            sheet(zoo.vae_sample(n, seed, temperature, model="beta_vae")),
            sheet(zoo.ae_sample(n, seed, temperature, prior="gmm")),
            sheet(zoo.ae_sample(n, seed, temperature, prior="normal")),
            *sweeps,
            latent_map_image(marker=(z1, z2)),
            picture(zoo.decode_latent(z1, z2)),
        )

    def first_view(*values, request: gr.Request = None):
        """The page's first view and links: the pictures (kept in memory by their settings) and the measured
        notes in the visitor's language (read from metrics.json on every page load)."""
        (vae, beta, ae_gmm, ae_normal, sweep_a, sweep_b, latent_map_picture, point) = pictures(*values)
        kl_beta1, kl_beta4, collapse_note = collapse_view(zoo.weights_dir, request)
        note = ae_generation_note(zoo.weights_dir, request)
        pictures_then_notes = (vae, beta, ae_gmm, ae_normal, note, kl_beta1, kl_beta4, collapse_note)
        likelihood_view = likelihood_section(values[0], values[1], request)
        return (*pictures_then_notes, sweep_a, sweep_b, latent_map_picture, point, *likelihood_view)

    first_view.cache_clear = pictures.cache_clear  # forget the remembered pictures (tests recompute the view)

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

    try:  # the dimension boxes' range; the zoo checks it again for the chosen model
        max_dimension = max(zoo.latent_dim(m) for m in KL_MODELS) - 1
    except ModelUnavailable:
        max_dimension = 0
    default_a, default_b = extreme_dimensions(kl_rows(zoo.weights_dir), max_dimension + 1)
    kl_plot = dict(x="dimension", y="kl", color="state", color_map=KL_COLORS, sort="x", height=240, x_label_angle=-90)

    with gr.Tab(t("tab_vae"), id="vae") as tab:
        gr.Markdown(t("vae_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("vae_how"))
        measured_panel(zoo, tab, registry.names(family="VAE"))

        gr.Markdown(t("sample_header"))
        with gr.Row():
            n = int_slider(t("n_images"), 1, MAX_SAMPLES, 16)
            seed = seed_input(t("seed"))
            temperature = gr.Slider(0, MAX_TEMPERATURE, value=1.0, step=0.05, label=t("temperature"))
            sample = gr.Button(t("sample"), variant="primary", elem_id="vae-run")
        with gr.Row():
            samples = sheet_output(t("vae_beta1"), elem_id="vae-samples")
            beta_samples = sheet_output(t("vae_beta4"), elem_id="vae-beta-samples")
        gr.Markdown(t("ae_gen_header"))
        gr.Markdown(t("ae_gen_help"))
        with gr.Row():
            ae_gmm_samples = sheet_output(t("ae_gmm_samples"), elem_id="vae-ae-gmm-samples")
            ae_normal_samples = sheet_output(t("ae_normal_samples"), elem_id="vae-ae-normal-samples")
        ae_note = gr.Markdown(elem_id="vae-ae-note")
        sheets = {"vae_beta1": samples, "vae_beta4": beta_samples, "ae_gmm_samples": ae_gmm_samples,
                  "ae_normal_samples": ae_normal_samples}  # fmt: skip
        nearest_panel(zoo, "vae", [(t(key), output) for key, output in sheets.items()])
        likelihood_outputs, likelihood_section = likelihoods.build(zoo, n, seed, sample)

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
            # the table header shows labels untranslated: keep it language-neutral
            examples.dataset.headers = ["A", "B"]

        gr.Markdown(t("collapse_header"))
        gr.Markdown(t("collapse_help"))
        with gr.Row():
            kl_beta1 = gr.BarPlot(label=t("kl_beta1"), elem_id="vae-kl-beta1", **kl_plot)
            kl_beta4 = gr.BarPlot(label=t("kl_beta4"), elem_id="vae-kl-beta4", **kl_plot)
        collapse_note = gr.Markdown(elem_id="vae-collapse-note")
        gr.Markdown(t("traverse_header"))
        gr.Markdown(t("traverse_help"))
        with gr.Row():
            traverse_image = image_input(t("traverse_image"), height=200, elem_id="vae-traverse-image")
            with gr.Column():
                traverse_model = gr.Radio(TRAVERSE_CHOICES, value="beta_vae", label=t("traverse_model"))
                with gr.Row():
                    dimension_box = dict(precision=0, minimum=0, maximum=max_dimension)
                    dim_a = gr.Number(label=t("dimension_a"), value=default_a, **dimension_box)
                    dim_b = gr.Number(label=t("dimension_b"), value=default_b, **dimension_box)
                traverse_steps = int_slider(t("traverse_steps"), *TRAVERSE_STEPS, 7)
                span = gr.Slider(0, LATENT_LIMIT, value=3.0, step=0.5, label=t("traverse_span"))
                run_traverse = gr.Button(t("traverse"), variant="primary", elem_id="vae-traverse-run")
        with gr.Row():
            traverse_a = sheet_output(t("traverse_a"), elem_id="vae-traverse-a")
            traverse_b = sheet_output(t("traverse_b"), elem_id="vae-traverse-b")
        if files:
            gr.Examples([[path] for path in files], inputs=[traverse_image], label=t("examples"), examples_per_page=10)

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

    samplers = (
        (vae_sample, samples, "vae_sample"),
        (beta_vae_sample, beta_samples, "beta_vae_sample"),
        (ae_gmm_sample, ae_gmm_samples, "ae_gmm_sample"),
        (ae_normal_sample, ae_normal_samples, "ae_normal_sample"),
    )
    for fn, output, name in samplers:
        sample.click(fn, inputs=[n, seed, temperature], outputs=output, api_name=name, **VALUES_EVENT)
    for dimension, output, name in ((dim_a, traverse_a, "vae_traverse"), (dim_b, traverse_b, "vae_traverse_b")):
        run_traverse.click(
            vae_traverse,
            inputs=[traverse_image, traverse_model, dimension, traverse_steps, span],
            outputs=output,
            api_name=name,
            **UPLOAD_EVENT,
        )
    run_interp.click(
        interpolate,
        inputs=[image_a, image_b, interp_model, interp_steps, mode],
        outputs=frames,
        api_name="interpolate",
        **UPLOAD_EVENT,
    )
    latent_map.select(decode_click, outputs=[z1, z2, decoded, latent_map], api_visibility="private", **MODEL_EVENT)
    decode.click(decode_latent, inputs=[z1, z2], outputs=decoded, api_name="decode_latent", **MODEL_EVENT)

    dimension = links.integer(0, max_dimension)
    settings = [
        links.Setting("n", n, links.integer(1, MAX_SAMPLES)),
        links.Setting("seed", seed, links.integer(0, MAX_SEED)),
        links.Setting("temperature", temperature, links.number(0, MAX_TEMPERATURE)),
        links.Setting("z1", z1, links.number(-LATENT_LIMIT, LATENT_LIMIT)),
        links.Setting("z2", z2, links.number(-LATENT_LIMIT, LATENT_LIMIT)),
        links.Setting("traverse_model", traverse_model, links.one_of(TRAVERSE_CHOICES)),
        links.Setting("dim_a", dim_a, dimension),
        links.Setting("dim_b", dim_b, dimension),
        links.Setting("traverse_steps", traverse_steps, links.integer(*TRAVERSE_STEPS)),
        links.Setting("span", span, links.number(0, LATENT_LIMIT)),
    ]
    if files:  # without example pictures (before scripts/make_examples.py) the sweeps open empty
        example_set = links.Examples(("", files))
        settings.append(example_set.setting(traverse_image, TRAVERSE_EXAMPLE))
    outputs = [
        *(samples, beta_samples, ae_gmm_samples, ae_normal_samples, ae_note, kl_beta1, kl_beta4, collapse_note),
        *(traverse_a, traverse_b, latent_map, decoded),
        *likelihood_outputs,
    ]
    return links.TabView("vae", settings, first_view, outputs)
