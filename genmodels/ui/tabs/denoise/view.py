"""Denoise tab: a noisy upload (or a clean one plus σ) cleaned by the denoising AE, the VAE,
diffusion (SDEdit), a median filter and the blind denoiser side by side, a before/after slider and PSNR when the
clean image is known.
Endpoints: /denoise (API.md), plus /denoise_all.
Link settings (?tab=denoise&...): example (Sneaker, ...: a clean example; noisy Sneaker, ...: a noisy one;
compressed T-shirt-top, blurred Sneaker, ...: a degraded one), sigma, method, seed."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from genmodels.ui.components import links
from genmodels.ui.components.common import (
    UI_EVENT,
    UPLOAD_EVENT,
    diffusion_gpu_seconds,
    example_files,
    gallery_output,
    image_input,
    image_output,
    model_fn,
    picture,
    read_image,
    seed_input,
)
from genmodels.ui.components.measured import read_metrics
from genmodels.ui.components.suite import METHOD_NAMES, suite_frames
from genmodels.ui.i18n import say, t
from genmodels.zoo import (
    DENOISE_DIFFUSION_STEPS,
    DENOISE_METHODS,
    MAX_NOISE_SIGMA,
    MAX_SEED,
    ModelUnavailable,
    check_choice,
)

# ZeroGPU: the diffusion method (SDEdit, one image) is the slow one; every method runs once in /denoise_all
GPU_SECONDS = diffusion_gpu_seconds(DENOISE_DIFFUSION_STEPS, 1)
METHOD_CHOICES = [
    (t("choice_dae"), "dae"),
    (t("choice_vae"), "vae"),
    (t("choice_diffusion"), "diffusion"),
    (t("choice_median"), "median"),
    (t("choice_blind"), "blind"),
]
BOTTLENECK_METHODS = ("dae", "vae")  # rebuild the picture from a small code: capped by what the code keeps
FIRST_EXAMPLE = "Sneaker"  # what the tab shows when it opens (with σ = 0.3)


def build(zoo) -> links.TabView | None:
    @model_fn(gpu_seconds=GPU_SECONDS)
    def denoise(image, noise_sigma, method, seed):
        """Denoise a picture: optionally add Gaussian noise first, then remove it with one method.

        Args:
            image: a picture of one garment, any size or format (made 28x28 grayscale, garment light on dark)
            noise_sigma: std of the Gaussian noise added first, 0..1 in pixel units (0: the picture is already noisy)
            method: "dae", "vae", "diffusion" (SDEdit), "median" (3x3) or "blind" (any noise, specks, JPEG or blur)
            seed: an integer in 0..2**31-1; the same arguments and seed give the same pixels

        Returns:
            the noisy input, 28x28 upscaled 8x
            the denoised image, 28x28 upscaled 8x
        """
        out = zoo.denoise(read_image(image), noise_sigma, method, seed)
        return picture(out["noisy"]), picture(out["denoised"])

    def every_method(clean, noise_sigma, seed) -> tuple[dict, dict]:
        """Every method on the same noisy image (the same seed gives every method the same noise)
        -> (method -> the zoo's result, method -> why it is missing)."""
        results, missing = {}, {}
        for name in DENOISE_METHODS:  # the zoo checks noise_sigma and seed (a bad one fails the request)
            try:
                results[name] = zoo.denoise(clean, noise_sigma, name, seed)
            except ModelUnavailable as error:  # this model is missing: show the others
                missing[name] = str(error)
        if not results:
            raise ValueError("no denoising model is available: " + "; ".join(missing.values()))
        return results, missing

    def bottleneck_note(method, results, request) -> str:
        """When a bottleneck model is chosen for an upload that is already cleaner than anything that model can
        rebuild, say so: the blind denoiser's change to the upload (PSNR between the two) above the model's measured
        PSNR on clean test images (metrics.json) means the bottleneck would make the picture worse."""
        if method not in BOTTLENECK_METHODS or "blind" not in results:
            return ""
        metrics = read_metrics(zoo.weights_dir)
        ceiling = (
            metrics.get("reconstruction", {}).get("rows", {}).get(method, {}).get("psnr")
            if isinstance(metrics, dict)
            else None
        )
        if ceiling is None:
            return ""
        out = results["blind"]
        change = zoo.psnr(out["denoised"], out["noisy"])
        if change <= ceiling:
            return ""
        return "\n\n" + say(
            request, "cleaner_than_bottleneck", method=METHOD_NAMES[method], change=change, ceiling=ceiling
        )

    def summary(clean, noise_sigma, method, results, missing, request):
        """-> a gallery of the results, a PSNR line for `method` and a PSNR table (with a clean reference)."""
        gallery_items = [(picture(out["denoised"]), METHOD_NAMES[name]) for name, out in results.items()]
        note = bottleneck_note(method, results, request)
        if noise_sigma == 0:  # valid, since the zoo took it: the upload is the noisy one, no clean reference
            return gallery_items, say(request, "no_reference") + note, None
        noisy = next(iter(results.values()))["noisy"]
        column = say(request, "method")
        table = [{column: "noisy input", "PSNR (dB)": round(zoo.psnr(noisy, clean), 2)}]
        table += [
            {column: METHOD_NAMES[name], "PSNR (dB)": round(zoo.psnr(out["denoised"], clean), 2)}
            for name, out in results.items()
        ]
        table += [{column: f"{METHOD_NAMES[name]}: {why}", "PSNR (dB)": None} for name, why in missing.items()]
        line = ""
        if method in results:
            line = (
                say(
                    request,
                    "psnr_line",
                    noisy=table[0]["PSNR (dB)"],
                    method=METHOD_NAMES[method],
                    denoised=zoo.psnr(results[method]["denoised"], clean),
                )
                + note
            )
        return gallery_items, line, pd.DataFrame(table)

    @model_fn(gpu_seconds=GPU_SECONDS)
    def denoise_all(image, noise_sigma, method, seed, request: gr.Request):
        """Every method on the same noisy image (the same seed gives every method the same noise) -> a gallery
        of the five results, a PSNR line for `method` and a PSNR table when the upload is the clean reference
        (noise_sigma > 0)."""
        clean = read_image(image)
        method = check_choice(method, "method", DENOISE_METHODS)  # only named in the PSNR line: the zoo never sees it
        return summary(clean, noise_sigma, method, *every_method(clean, noise_sigma, seed), request)

    @links.remembered
    @model_fn(gpu_seconds=GPU_SECONDS)
    def example_results(example, noise_sigma, seed):
        clean = read_image(example_set.read_bytes(example), "example")
        return clean, *every_method(clean, noise_sigma, seed)

    def first_view(example, noise_sigma, method, seed, request):
        """The page's first view and links: the before/after slider, every method, the PSNR line and table."""
        clean, results, missing = example_results(example, noise_sigma, seed)
        shown = results.get(method) or next(iter(results.values()))
        return (
            (picture(shown["noisy"]), picture(shown["denoised"])),
            *summary(clean, noise_sigma, method, results, missing, request),
        )

    with gr.Tab(t("tab_denoise"), id="denoise"):
        gr.Markdown(t("denoise_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("denoise_how"))
        with gr.Row():
            with gr.Column(scale=2):
                image = image_input(t("input_image"), elem_id="denoise-input")
                sigma = gr.Slider(0, MAX_NOISE_SIGMA, value=0.3, step=0.05, label=t("sigma"))
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
        all_methods = gallery_output(t("all_methods"), columns=5, elem_id="denoise-all")
        psnr_table = gr.Dataframe(label="PSNR", interactive=False)
        measured = suite_frames(read_metrics(zoo.weights_dir))
        if measured is not None:
            with gr.Accordion(t("suite_title"), open=False):
                gr.Markdown(t("suite_how"))
                gr.Dataframe(measured[0], label=t("suite_gains"), interactive=False)
                gr.BarPlot(measured[1], x="method", y="mean PSNR (dB)", sort="-y", label=t("suite_means"))
        clean_files, noisy_files, degraded_files = (example_files(kind) for kind in ("fashion", "noisy", "degraded"))
        with gr.Row():  # clean pictures get σ = 0.3 added; the noisy and degraded ones are the uploads as they are
            for files, noise_sigma, label in (
                (clean_files[:5], 0.3, "examples_clean"),
                (noisy_files, 0.0, "examples_noisy"),
                (degraded_files, 0.0, "examples_degraded"),
            ):
                if files:
                    gr.Examples(
                        [[path, noise_sigma] for path in files],
                        inputs=[image, sigma],
                        visible_columns=[0],
                        label=t(label),
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
    if not clean_files:  # without example pictures (before scripts/make_examples.py) the tab opens empty
        return None
    example_set = links.Examples(("", clean_files), ("noisy", noisy_files), ("", degraded_files))
    settings = [
        example_set.setting(image, FIRST_EXAMPLE),
        links.Setting("sigma", sigma, links.number(0, MAX_NOISE_SIGMA)),
        links.Setting("method", method, links.one_of(DENOISE_METHODS)),
        links.Setting("seed", seed, links.integer(0, MAX_SEED)),
    ]
    return links.TabView("denoise", settings, first_view, [before_after, all_methods, psnr_line, psnr_table])
