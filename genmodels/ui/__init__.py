"""The Gradio app: one module per tab, each building its tab and wiring its events to the zoo.

    from genmodels.zoo import Zoo
    from genmodels.ui import build_demo, launch_options
    demo = build_demo(Zoo("weights"))
    demo.launch(**launch_options())

The API endpoints (api_name, inputs and outputs in order) are the contract in API.md; each tab module's
docstring lists its own.
"""

from __future__ import annotations

import os

import gradio as gr

from . import anomaly, autoencoder, compare, denoise, diffusion, gan, vae
from .common import CONCURRENCY_LIMIT, CSS, MAX_FILE_SIZE, QUEUE_MAX_SIZE
from .text import I18N, t

TABS = (autoencoder, vae, gan, diffusion, denoise, anomaly, compare)


# Temporary files (uploads, result images) older than an hour are deleted every hour.
DELETE_CACHE = (3600, 3600)


def model_status(zoo) -> str:
    """A Markdown list of the loaded and missing models (the app serves whatever is present)."""
    lines = [f"- **loaded** ({zoo.device}, {zoo.load_seconds:.2f} s): {', '.join(zoo.available) or 'none'}"]
    lines += [f"- **missing** `{name}`: {why}" for name, why in zoo.missing.items()]
    return "\n".join(lines)


def build_demo(zoo) -> gr.Blocks:
    """The whole app around one Zoo. Launch it with demo.launch(**launch_options())."""
    on_spaces = bool(os.environ.get("SPACE_ID"))
    with gr.Blocks(title="genmodels: AE, VAE, GAN and diffusion on Fashion-MNIST", delete_cache=DELETE_CACHE) as demo:
        with gr.Row(equal_height=True):
            gr.Markdown(t("title"))
            gr.DeepLinkButton(size="md", scale=0, min_width=180)
            gr.DuplicateButton(size="md", scale=0, min_width=180, visible=on_spaces)
        gr.Markdown(t("subtitle"))
        with gr.Accordion(t("model_status"), open=False):
            gr.Markdown(model_status(zoo))
        with gr.Tabs():
            for tab in TABS:
                tab.build(zoo)
    # One queue for the app; every model event shares the "models" concurrency group (see common.py).
    demo.queue(max_size=QUEUE_MAX_SIZE, default_concurrency_limit=CONCURRENCY_LIMIT)
    return demo


def launch_options(**overrides) -> dict:
    """Keyword arguments for demo.launch(): translations, theme, upload cap, address (GRADIO_SERVER_NAME /
    GRADIO_SERVER_PORT, else 0.0.0.0:7860). In Gradio 6 i18n, theme and css are launch() arguments."""
    options = dict(
        server_name=os.environ.get("GRADIO_SERVER_NAME", "0.0.0.0"),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
        max_file_size=MAX_FILE_SIZE,
        i18n=I18N,
        theme=gr.themes.Soft(),
        css=CSS,
    )
    options.update(overrides)
    return options
