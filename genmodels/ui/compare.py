"""Compare tab: the four families on one screen: samples from one seed, the latency of each, and the
quality table that `python -m genmodels.evaluate` writes to weights/metrics.json. Endpoint: /compare."""

from __future__ import annotations

import time

import gradio as gr
import numpy as np
import pandas as pd
import torch

from .. import images
from ..zoo import check_int, check_seed
from .common import MODEL_EVENT, example_files, gallery, gallery_output, int_slider, model_fn, seed_input
from .measured import live_metrics
from .text import say, t

DIFFUSION_STEPS = 25  # DDIM: good samples at a tenth of DDPM's steps


def build(zoo) -> None:
    @model_fn(gpu_seconds=60)
    def compare(n, seed, request: gr.Request):
        """The four families on one seed -> AE reconstructions of test images (an AE cannot sample), VAE samples,
        DCGAN samples, diffusion samples (DDIM, 25 steps, any class), and each model's latency. n 1..16."""
        n, seed = check_int(n, "n", 1, 16), check_seed(seed)
        files = example_files("fashion")
        chosen = np.random.default_rng(seed).permutation(len(files))[: min(n, len(files))]
        jobs = {
            "Autoencoder": (
                "ae",
                lambda: (
                    torch.cat([zoo.reconstruct(images.load_upload(files[i]), "ae")["reconstruction"] for i in chosen])
                    if len(chosen)
                    else None
                ),
            ),
            "VAE": ("vae", lambda: zoo.vae_sample(n, seed, 1.0, "vae")),
            "GAN": ("dcgan", lambda: zoo.gan_sample(n, seed, "dcgan", 1.0)),
            "Diffusion": (
                "diffusion",
                lambda: zoo.diffusion_sample("any", 0.0, "DDIM", DIFFUSION_STEPS, 0.0, n, seed)["images"],
            ),
        }
        galleries, rows = [], []
        for family, (model, run) in jobs.items():
            start = time.perf_counter()
            try:
                batch = run()
            except ValueError as error:  # arguments were checked above: the model is missing
                galleries.append(None)
                rows.append(
                    {say(request, "family"): family, say(request, "model"): model, "ms": None, "note": str(error)}
                )
                continue
            milliseconds = 1000 * (time.perf_counter() - start)
            galleries.append(gallery(batch) if batch is not None else None)
            rows.append(
                {say(request, "family"): family, say(request, "model"): model, "ms": round(milliseconds, 1), "note": ""}
            )
        return (*galleries, pd.DataFrame(rows))

    with gr.Tab(t("tab_compare"), id="compare") as tab:
        gr.Markdown(t("compare_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("compare_how"))
        with gr.Row():
            n = int_slider(t("n_images"), 1, 16, 8)
            seed = seed_input(t("seed"))
            run = gr.Button(t("generate_all"), variant="primary", elem_id="compare-run")
        with gr.Row():
            outputs = [
                gallery_output(t(key), columns=4, elem_id=f"compare-{key[4:]}")
                for key in ("col_ae", "col_vae", "col_gan", "col_diffusion")
            ]
        latency = gr.Dataframe(label=t("latency"), interactive=False, elem_id="compare-latency")
        gr.Markdown(t("metrics_header"))
        live_metrics(zoo, tab)

    run.click(compare, inputs=[n, seed], outputs=[*outputs, latency], api_name="compare", **MODEL_EVENT)
