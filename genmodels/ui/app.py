"""The Gradio app: one folder per tab (tabs/<tab>/view.py), each building its tab and wiring its events to the zoo.

    from genmodels.zoo import Zoo
    from genmodels.ui.app import build_demo, launch_options
    demo = build_demo(Zoo("weights"))
    demo.launch(**launch_options())

The API endpoints (api_name, inputs and outputs in order) are the contract in API.md; each tab module's
docstring lists its own, and the settings a link to it may carry (components/links.py: ?tab=gan&seed=7 ...).
"""

from __future__ import annotations

import os

import gradio as gr

from genmodels.ui import patches, static
from genmodels.ui.components import links
from genmodels.ui.components.common import CONCURRENCY_LIMIT, EXAMPLES_DIR, MAX_FILE_SIZE, QUEUE_MAX_SIZE
from genmodels.ui.i18n import I18N, t, use_measurements
from genmodels.ui.tabs.anomaly import view as anomaly
from genmodels.ui.tabs.autoencoder import view as autoencoder
from genmodels.ui.tabs.compare import view as compare
from genmodels.ui.tabs.denoise import view as denoise
from genmodels.ui.tabs.diffusion import view as diffusion
from genmodels.ui.tabs.gan import view as gan
from genmodels.ui.tabs.lab import view as lab
from genmodels.ui.tabs.training import view as training
from genmodels.ui.tabs.transfer import view as transfer
from genmodels.ui.tabs.vae import view as vae

TABS = (autoencoder, vae, gan, diffusion, denoise, anomaly, training, transfer, compare, lab)

# The endpoints an agent gets as MCP tools (GRADIO_MCP_SERVER=True, docs/mcp.md): sampling, reconstruction, denoising
# and anomaly scores. Not plots, training logs, the second panels' copies (/gan_sample_right) or the page's comparisons.
MCP_TOOLS = (
    "reconstruct",
    "vae_sample",
    "beta_vae_sample",
    "ae_gmm_sample",
    "ae_normal_sample",
    "interpolate",
    "gan_sample",
    "gan_walk",
    "diffusion_sample",
    "denoise",
    "anomaly",
)


# Temporary files (uploads, result images) older than an hour are deleted every hour.
DELETE_CACHE = (3600, 3600)

# Enter in a number box, a slider's box or a radio runs the action those settings belong to: the primary button
# of the nearest enclosing block (the seed of the GAN walk runs the walk, not the tab's sampler).
ENTER_RUNS_JS = static.read("enter_runs.js")

# Pictures kept pixelated, sample sheets enlarged to their panel, and on phones one column (app.css says why)
CSS = static.read("app.css")


def model_status(zoo) -> str:
    """A Markdown list of the loaded and missing models (the app serves whatever is present)."""
    lines = [f"- **loaded** ({zoo.device}, {zoo.load_seconds:.2f} s): {', '.join(zoo.available) or 'none'}"]
    lines += [f"- **missing** `{name}`: {why}" for name, why in zoo.missing.items()]
    return "\n".join(lines)


def build_demo(zoo) -> gr.Blocks:
    """The whole app around one Zoo. Launch it with demo.launch(**launch_options())."""
    on_spaces = bool(os.environ.get("SPACE_ID"))
    use_measurements(zoo.weights_dir)  # the text quotes the figures of the weights this app serves
    with gr.Blocks(title="genmodels: AE, VAE, GAN and diffusion on Fashion-MNIST", delete_cache=DELETE_CACHE) as demo:
        with gr.Row(equal_height=True, elem_id="header"):
            gr.Markdown(t("title"))
            # our own link (components/links.py), not gr.DeepLinkButton: that one names a saved session, which the
            # hourly cache purge deletes; ours names the tab and its settings, so it works after any restart
            share, share_box = links.share_controls()
            gr.DuplicateButton(size="md", scale=0, min_width=180, visible=on_spaces)
        gr.Markdown(t("subtitle"))
        with gr.Accordion(t("model_status"), open=False):
            gr.Markdown(model_status(zoo))
        share_box.render()
        with gr.Tabs(elem_id="tabs") as tabs:
            views = [tab.build(zoo) for tab in TABS]
        # every tab's first view and the link's tab and settings, computed when the page opens
        links.connect(demo, tabs, [view for view in views if view is not None], share, share_box)
    # One queue for the app; every model event shares the "models" concurrency group (components/common.py).
    demo.queue(max_size=QUEUE_MAX_SIZE, default_concurrency_limit=CONCURRENCY_LIMIT)
    patches.slow_queue_polling(demo)  # the queue's idle polling slowed, to leave the cores to torch
    patches.mcp_tools(demo, MCP_TOOLS)  # the other public endpoints stay in the web API, not among the tools
    patches.mcp_tool_outputs()  # a tool with several outputs returns each (an image, an image, a number)
    return demo


def server_name() -> str:
    """GRADIO_SERVER_NAME, else every interface on a Space (SPACE_ID is set; its proxy must reach the app), else
    loopback: a local run is not served to the network unless asked."""
    return os.environ.get("GRADIO_SERVER_NAME") or ("0.0.0.0" if os.environ.get("SPACE_ID") else "127.0.0.1")


def launch_options(**overrides) -> dict:
    """Keyword arguments for demo.launch(): translations, theme, upload cap, address (server_name(), port
    GRADIO_SERVER_PORT or 7860). In Gradio 6 i18n, theme and css are launch() arguments."""
    options = dict(
        server_name=server_name(),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
        max_file_size=MAX_FILE_SIZE,
        i18n=I18N,
        theme=gr.themes.Soft(),
        css=CSS,
        js=ENTER_RUNS_JS,
        # the example pictures the first views and links show (the app's working folder may be elsewhere)
        allowed_paths=[str(EXAMPLES_DIR)],
    )
    options.update(overrides)
    return options
