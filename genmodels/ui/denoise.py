"""Denoise tab: a noisy upload (or a clean one plus σ) cleaned by the denoising AE, the VAE, diffusion
(SDEdit) and a median filter side by side, a before/after slider and PSNR when the clean image is known.
Endpoints: /denoise (API.md), plus /denoise_all."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from ..metrics import psnr
from ..zoo import DENOISE_METHODS, check_choice, check_float, check_seed
from .common import (
    UI_EVENT,
    UPLOAD_EVENT,
    example_files,
    gallery_output,
    image_input,
    image_output,
    model_fn,
    picture,
    read_image,
    seed_input,
)
from .text import say, t

METHOD_CHOICES = [
    (t("choice_dae"), "dae"),
    (t("choice_vae"), "vae"),
    (t("choice_diffusion"), "diffusion"),
    (t("choice_median"), "median"),
]
METHOD_NAMES = {"dae": "denoising AE", "vae": "VAE", "diffusion": "diffusion (SDEdit)", "median": "median filter"}


def build(zoo) -> None:
    @model_fn(gpu_seconds=60)
    def denoise(image, noise_sigma, method, seed):
        """Add Gaussian noise of std noise_sigma (in [0, 1] pixel units; 0 = the upload is already noisy), then
        denoise -> the noisy input and the denoised image. method "dae" | "vae" | "diffusion" | "median"."""
        out = zoo.denoise(read_image(image), noise_sigma, method, seed)
        return picture(out["noisy"]), picture(out["denoised"])

    @model_fn(gpu_seconds=90)
    def denoise_all(image, noise_sigma, method, seed, request: gr.Request):
        """Every method on the same noisy image (the same seed gives every method the same noise) -> a gallery
        of the four results, a PSNR line for `method` and a PSNR table when the upload is the clean reference
        (noise_sigma > 0)."""
        clean = read_image(image)
        sigma, seed = check_float(noise_sigma, "noise_sigma", 0.0, 1.0), check_seed(seed)
        method = check_choice(method, "method", DENOISE_METHODS)
        results, missing = {}, {}
        for name in DENOISE_METHODS:
            try:
                results[name] = zoo.denoise(clean, sigma, name, seed)
            except ValueError as error:  # arguments are valid, so the model is missing: show the others
                missing[name] = str(error)
        if not results:
            raise ValueError("no denoising model is available: " + "; ".join(missing.values()))
        gallery_items = [(picture(out["denoised"]), METHOD_NAMES[name]) for name, out in results.items()]
        if sigma == 0:
            return gallery_items, say(request, "no_reference"), None
        noisy = next(iter(results.values()))["noisy"]
        column = say(request, "method")
        table = [{column: "noisy input", "PSNR (dB)": round(psnr(noisy, clean).item(), 2)}]
        table += [
            {column: METHOD_NAMES[name], "PSNR (dB)": round(psnr(out["denoised"], clean).item(), 2)}
            for name, out in results.items()
        ]
        table += [{column: f"{METHOD_NAMES[name]}: {why}", "PSNR (dB)": None} for name, why in missing.items()]
        line = ""
        if method in results:
            line = say(
                request,
                "psnr_line",
                noisy=table[0]["PSNR (dB)"],
                method=METHOD_NAMES[method],
                denoised=psnr(results[method]["denoised"], clean).item(),
            )
        return gallery_items, line, pd.DataFrame(table)

    with gr.Tab(t("tab_denoise"), id="denoise"):
        gr.Markdown(t("denoise_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("denoise_how"))
        with gr.Row():
            with gr.Column(scale=2):
                image = image_input(t("input_image"), elem_id="denoise-input")
                sigma = gr.Slider(0, 1, value=0.3, step=0.05, label=t("sigma"))
                method = gr.Radio(METHOD_CHOICES, value="dae", label=t("method"))
                seed = seed_input(t("seed"))
                run = gr.Button(t("denoise"), variant="primary", elem_id="denoise-run")
            with gr.Column(scale=3):
                before_after = gr.ImageSlider(
                    elem_id="denoise-slider", label=t("before_after"), format="png", interactive=False, max_height=320
                )
                psnr_line = gr.Markdown()
                with gr.Row(visible=False):  # the /denoise endpoint's own outputs; the slider shows them
                    noisy = image_output(t("noisy"))
                    denoised = image_output(t("denoised"))
        all_methods = gallery_output(t("all_methods"), columns=4, few=True, elem_id="denoise-all")
        psnr_table = gr.Dataframe(label="PSNR", interactive=False)
        clean_files, noisy_files = example_files("fashion"), example_files("noisy")
        with gr.Row():
            if clean_files:
                gr.Examples(
                    [[path, 0.3] for path in clean_files[:5]],
                    inputs=[image, sigma],
                    visible_columns=[0],
                    label=t("examples_clean"),
                )
            if noisy_files:
                gr.Examples(
                    [[path, 0.0] for path in noisy_files],
                    inputs=[image, sigma],
                    visible_columns=[0],
                    label=t("examples_noisy"),
                )

    run.click(
        denoise, inputs=[image, sigma, method, seed], outputs=[noisy, denoised], api_name="denoise", **UPLOAD_EVENT
    ).success(
        lambda before, after: (before, after), inputs=[noisy, denoised], outputs=before_after, **UI_EVENT
    ).success(
        denoise_all,
        inputs=[image, sigma, method, seed],
        outputs=[all_methods, psnr_line, psnr_table],
        api_name="denoise_all",
        **UPLOAD_EVENT,
    )
