"""Autoencoder tab: upload, draw or pick an image -> what the model sees, reconstruction, error map,
MSE / PSNR and the latent code. Endpoint: /reconstruct (image, model) -> reconstruction, error map, MSE.
Link settings (?tab=autoencoder&...): example (a name under the examples: Sneaker, Ankle boot, ...), model."""

from __future__ import annotations

import gradio as gr
import numpy as np
from PIL import Image

from genmodels import images, registry
from genmodels.ui.components import links
from genmodels.ui.components.common import (
    MODEL_EVENT,
    UPLOAD_EVENT,
    example_files,
    image_input,
    image_output,
    model_fn,
    picture,
    read_image,
)
from genmodels.ui.components.measured import measured_panel
from genmodels.ui.components.plots import latent_frame
from genmodels.ui.i18n import EN, t
from genmodels.zoo import check_choice

ENDPOINT_MODELS = registry.names(task="reconstruct_endpoint")  # API.md; the zoo also knows beta_vae and vae2d
FIRST_EXAMPLE = "Sneaker"  # what the tab shows when it opens
# the radio's labels: the tab's own wording where it has one ("plain AE"), else the registry's name
MODEL_CHOICES = [
    (t(f"choice_{name}") if f"choice_{name}" in EN else registry.get(name).display_name(), name)
    for name in ENDPOINT_MODELS
]


def drawing_to_array(drawing) -> np.ndarray:
    """The Sketchpad's value -> its flattened picture (H, W) uint8; ValueError when nothing is drawn."""
    composite = drawing.get("composite") if isinstance(drawing, dict) else None
    if composite is None:
        raise ValueError("drawing: nothing drawn yet; draw a garment first")
    composite = np.asarray(composite)
    if composite.ndim == 3:  # the editor may hand RGB(A) despite image_mode="L"
        composite = composite[..., :3].mean(axis=2).round().astype(np.uint8)
    if composite.min() == composite.max():
        raise ValueError("drawing: the canvas is empty; draw a garment first")
    return composite


def build(zoo) -> links.TabView:
    @model_fn
    def reconstruct(image, model):
        """Encode and decode a Fashion-MNIST image with an autoencoder: what the model keeps of it, and where it errs.

        Args:
            image: a picture of one garment, any size or format (made 28x28 grayscale, garment light on dark)
            model: "ae" (plain), "dae" (denoising), "sparse_ae" (k-sparse), "deep_ae" (deeper) or "vae" (β = 1)

        Returns:
            the reconstruction, 28x28 upscaled 8x (box-downscale it for the pixels)
            the per-pixel error map |x̂ − x| (black = 0, pale yellow = 1)
            the mean squared error in [0, 1] pixel units
        """
        out = zoo.reconstruct(read_image(image), check_choice(model, "model", ENDPOINT_MODELS))
        return picture(out["reconstruction"]), images.error_map_to_pil(out["error_map"]), out["mse"]

    @model_fn
    def details(image, model):
        """The extras the page shows next to /reconstruct: the 28x28 input, PSNR and the latent code."""
        x = read_image(image)
        out = zoo.reconstruct(x, check_choice(model, "model", ENDPOINT_MODELS))
        return picture(x), round(out["psnr"], 2), latent_frame(out["latent"])

    def all_outputs(x, model):
        out = zoo.reconstruct(x, model)
        return (
            picture(x),
            picture(out["reconstruction"]),
            images.error_map_to_pil(out["error_map"]),
            out["mse"],
            round(out["psnr"], 2),
            latent_frame(out["latent"]),
        )

    @links.remembered
    @model_fn
    def first_view(example, model):
        """The example's reconstruction, for the page's first view and links (settings: example, model)."""
        return all_outputs(read_image(example_set.read_bytes(example), "example"), model)

    @model_fn
    def reconstruct_drawing(drawing, model):
        x = read_image(drawing_to_array(drawing), "drawing")
        return (picture(x), *all_outputs(x, model))

    with gr.Tab(t("tab_ae"), id="autoencoder") as tab:
        gr.Markdown(t("ae_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("ae_how"))
        measured_panel(zoo, tab, registry.names(family="AE"))
        with gr.Row():
            with gr.Column(scale=2):
                with gr.Tabs():
                    with gr.Tab(t("upload"), id="ae-upload"):
                        image = image_input(t("input_image"), elem_id="ae-input")
                    with gr.Tab(t("draw"), id="ae-draw"):
                        sketch = gr.Sketchpad(
                            # a white sheet to start from: with a background the brush is selected at once
                            value={"background": Image.new("L", (280, 280), 255), "layers": [], "composite": None},
                            label=t("draw_label"),
                            elem_id="ae-sketch",
                            canvas_size=(280, 280),
                            image_mode="L",
                            type="numpy",
                            brush=gr.Brush(colors=["#000000"], default_size=14, color_mode="fixed"),
                            layers=False,
                        )
                        use_drawing = gr.Button(t("use_drawing"), elem_id="ae-use-drawing")
                model = gr.Radio(MODEL_CHOICES, value="ae", label=t("model"))
                run = gr.Button(t("reconstruct"), variant="primary", elem_id="ae-run")
            with gr.Column(scale=3):
                with gr.Row():
                    seen = image_output(t("model_view"), elem_id="ae-seen")
                    reconstruction = image_output(t("reconstruction"), elem_id="ae-reconstruction")
                    error_map = image_output(t("error_map"), elem_id="ae-error")
                with gr.Row():
                    mse = gr.Number(label=t("mse"), value=None, interactive=False, elem_id="ae-mse")
                    psnr = gr.Number(label="PSNR (dB)", value=None, interactive=False)
                latent = gr.BarPlot(
                    elem_id="ae-latent",
                    x="dimension",
                    y="value",
                    label=t("latent_code"),
                    sort="x",
                    height=220,
                    x_label_angle=-90,
                )
        files = example_files("fashion")
        examples = None
        if files:
            # Cached: a click shows the stored /reconstruct result at once. Only images and numbers are cached:
            # Gradio 6.31's frontend fails on a cached plot, so the details (with the latent bar chart) follow live.
            examples = gr.Examples(
                [[path, "ae"] for path in files],
                inputs=[image, model],
                outputs=[reconstruction, error_map, mse],
                fn=reconstruct,
                cache_examples=True,
                cache_mode="lazy",
                visible_columns=[0],
                label=t("examples"),
                examples_per_page=10,
                elem_id="ae-examples",
            )

    view = None  # without example pictures (before scripts/make_examples.py) the tab opens empty
    if files:
        example_set = links.Examples(("", files))
        settings = [
            example_set.setting(image, FIRST_EXAMPLE),
            links.Setting("model", model, links.one_of(ENDPOINT_MODELS)),
        ]
        view = links.TabView("autoencoder", settings, first_view, [seen, reconstruction, error_map, mse, psnr, latent])

    gr.on(
        [run.click, image.upload],
        reconstruct,
        inputs=[image, model],
        outputs=[reconstruction, error_map, mse],
        api_name="reconstruct",
        **UPLOAD_EVENT,
    ).success(details, inputs=[image, model], outputs=[seen, psnr, latent], api_visibility="private", **UPLOAD_EVENT)
    if examples is not None:
        examples.cache_event.success(
            details, inputs=[image, model], outputs=[seen, psnr, latent], api_visibility="private", **UPLOAD_EVENT
        )
    use_drawing.click(
        reconstruct_drawing,
        inputs=[sketch, model],
        outputs=[image, seen, reconstruction, error_map, mse, psnr, latent],
        api_visibility="private",
        **MODEL_EVENT,
    )
    return view
