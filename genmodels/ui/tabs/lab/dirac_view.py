"""The Lab's Dirac-GAN section: the one-parameter game's vector field and a path of gradient steps through it, with
and without a penalty on the discriminator's gradient. Endpoint: /lab_dirac (API.md). Computed in microseconds:
no model, no queue group of its own."""

from __future__ import annotations

import gradio as gr
import numpy as np
from PIL import Image, ImageDraw

from genmodels.lab import dirac
from genmodels.ui.components.common import RAW_INPUTS, model_fn
from genmodels.ui.i18n import say, t

SIZE, EXTENT = 420, 2.0
ARROW, PATH, START_COLOUR, END_COLOUR, AXIS = (
    (150, 150, 150),
    (20, 110, 40),
    (40, 40, 40),
    (200, 0, 120),
    (210, 210, 210),
)
PATH_POINTS = 200  # points of the path the API returns (evenly spaced steps)


def to_pixel(theta: float, psi: float) -> tuple[float, float]:
    return (theta + EXTENT) / (2 * EXTENT) * SIZE, (EXTENT - psi) / (2 * EXTENT) * SIZE


def dirac_picture(path: np.ndarray, loss: str, regulariser: str, gamma: float) -> Image.Image:
    """The field as arrows of one length (the direction is the lesson), the path in green from its start (dark) to
    its end (pink); θ across, ψ up, the equilibrium at the centre."""
    picture = Image.new("RGB", (SIZE, SIZE), "white")
    draw = ImageDraw.Draw(picture)
    draw.line((0, SIZE / 2, SIZE, SIZE / 2), fill=AXIS)
    draw.line((SIZE / 2, 0, SIZE / 2, SIZE), fill=AXIS)
    for theta, psi, d_theta, d_psi in dirac.vector_field(loss, regulariser, gamma, EXTENT).reshape(-1, 4):
        length = np.hypot(d_theta, d_psi)
        if length > 1e-9:
            x0, y0 = to_pixel(theta, psi)
            x1, y1 = to_pixel(theta + 0.1 * d_theta / length, psi + 0.1 * d_psi / length)
            draw.line((x0, y0, x1, y1), fill=ARROW, width=1)
            draw.ellipse((x1 - 1.5, y1 - 1.5, x1 + 1.5, y1 + 1.5), fill=ARROW)
    outside = np.flatnonzero(np.abs(path).max(1) > EXTENT)  # a path that spirals out is drawn up to the frame
    inside = path[: outside[0]] if len(outside) else path
    draw.line([to_pixel(*point) for point in inside], fill=PATH, width=2)
    for (theta, psi), colour in ((inside[0], START_COLOUR), (inside[-1], END_COLOUR)):
        x, y = to_pixel(theta, psi)
        draw.ellipse((x - 5, y - 5, x + 5, y + 5), fill=colour)
    return picture


def build():
    """The section's components and events, inside the Lab tab."""

    @model_fn
    def lab_dirac(loss, regulariser, gamma, lr, steps, updates, request: gr.Request):
        """Dirac-GAN: gradient steps of the one-parameter GAN from (θ, ψ) = (1, 1); the equilibrium is (0, 0).

        Args:
            loss: "standard" (f(t) = -log(1 + e^-t)) or "wgan" (f(t) = t, ψ clipped to [-1, 1] without a penalty)
            regulariser: "none", "r1" (γ/2·ψ², the gradient penalty on real data) or "wgan-gp" (γ(|ψ| - 1)²)
            gamma: the penalty's weight, 0..10
            lr: the step size, 0.0001..1
            steps: gradient steps, 1..5000
            updates: "simultaneous" or "alternating" (the discriminator first, then the generator)

        Returns:
            the picture (the vector field, the path from its start, dark, to its end, pink), a summary (Markdown), and
            a JSON object: final ([θ, ψ]), distance (from the equilibrium), path (up to 200 [θ, ψ] points)
        """
        path = dirac.dirac_path(loss, regulariser, gamma, lr, steps, updates)
        distance = float(np.hypot(*path[-1]))
        keep = np.unique(np.linspace(0, len(path) - 1, PATH_POINTS).round().astype(int))
        summary = say(
            request, "dirac_summary", steps=len(path) - 1, theta=path[-1][0], psi=path[-1][1], distance=distance
        )
        result = {"final": path[-1].round(6).tolist(), "distance": distance, "path": path[keep].round(5).tolist()}
        return dirac_picture(path, loss, regulariser, gamma), summary, result

    gr.Markdown(t("dirac_header"))
    gr.Markdown(t("dirac_intro"))
    with gr.Row():
        with gr.Column(scale=2):
            loss = gr.Radio(list(dirac.LOSSES), value="standard", label=t("lab_loss"))
            regulariser = gr.Radio(list(dirac.REGULARISERS), value="none", label=t("dirac_regulariser"))
            gamma = gr.Slider(0, 10, value=1.0, step=0.1, label=t("dirac_gamma"))
            lr = gr.Slider(0.01, 1, value=0.1, step=0.01, label=t("dirac_lr"))
            steps = gr.Slider(10, dirac.MAX_STEPS, value=500, step=10, precision=0, label=t("dirac_steps"))
            updates = gr.Radio(list(dirac.UPDATES), value="simultaneous", label=t("dirac_updates"))
            run = gr.Button(t("dirac_run"), variant="primary", elem_id="dirac-run")
        with gr.Column(scale=3):
            picture = gr.Image(label=t("dirac_picture"), type="pil", format="png", height=420, elem_id="dirac-picture")
            summary = gr.Markdown(elem_id="dirac-summary")
            output = gr.JSON(label=t("lab_result"), open=False)
    inputs = [loss, regulariser, gamma, lr, steps, updates]
    run.click(lab_dirac, inputs, [picture, summary, output], api_name="lab_dirac", concurrency_limit=None, **RAW_INPUTS)
    return inputs, lab_dirac, [picture, summary]
