"""What a Lab run looks like while it trains: the discriminator as a heat map under the real and generated points,
with arrows where the generator's loss pushes a few of its points, and the run's figures over time as frames for
Gradio's line plots. Drawn with PIL and numpy: a frame must cost milliseconds, not a plotting library's tenth of
a second, so that a run can stream several a second."""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch
from PIL import Image, ImageDraw

from genmodels.lab import toy_data
from genmodels.lab.gan2d import GAN2D, WASSERSTEIN

SIZE = 420  # pixels a side
FIELD_RESOLUTION = 48  # the heat map is computed on this grid, then smoothed up to SIZE
SHOWN_POINTS = 600  # of each kind
ARROWS = 24
# the heat map from "says generated" (low) through white to "says real" (high)
LOW, MID, HIGH = np.array([69, 117, 180]), np.array([255, 255, 255]), np.array([215, 96, 40])
REAL_COLOR, FAKE_COLOR, ARROW_COLOR, MODE_COLOR = (40, 40, 40), (20, 110, 40), (200, 0, 120), (120, 120, 120)
CURVES = ("d_loss", "g_loss")  # the losses plot; the coverage plot shows COVERAGE, each a share in [0, 1]
COVERAGE = ("modes_covered", "high_quality", "d_accuracy_real", "d_accuracy_fake")


def colour_map(values: np.ndarray) -> np.ndarray:
    """Values in [0, 1] -> RGB (..., 3) uint8, LOW at 0, MID at 0.5, HIGH at 1."""
    v = np.clip(values, 0, 1)[..., None]
    lower = LOW + (MID - LOW) * (v / 0.5)
    upper = MID + (HIGH - MID) * ((v - 0.5) / 0.5)
    return np.where(v < 0.5, lower, upper).astype(np.uint8)


def field_picture(field: torch.Tensor, wasserstein: bool) -> Image.Image:
    """The discriminator over the square: a probability as it is; a critic's score, which has no fixed range,
    spread so that its lowest value is blue and its highest orange."""
    values = field.numpy().astype(np.float64)
    if wasserstein:
        low, high = values.min(), values.max()
        values = (values - low) / (high - low) if high > low else np.full_like(values, 0.5)
    return Image.fromarray(colour_map(values)).resize((SIZE, SIZE), Image.Resampling.BILINEAR)


def to_pixels(points: torch.Tensor, extent: float) -> np.ndarray:
    """Data coordinates in [-extent, extent]² -> pixel coordinates (y up)."""
    xy = points.numpy().astype(np.float64)
    return np.stack([(xy[:, 0] + extent) / (2 * extent) * SIZE, (extent - xy[:, 1]) / (2 * extent) * SIZE], 1)


# a dot: the pixels within 1.5 of its centre (one numpy assignment per offset, not one drawing call per point)
DOT = [(dx, dy) for dx in range(-1, 2) for dy in range(-1, 2)] + [(-2, 0), (2, 0), (0, -2), (0, 2)]


def dots(canvas: np.ndarray, pixels: np.ndarray, colour):
    """Paint a dot at each pixel position of `pixels` (n, 2) on `canvas` (SIZE, SIZE, 3), in place."""
    centres = np.rint(pixels).astype(np.int64)
    for dx, dy in DOT:
        x, y = centres[:, 0] + dx, centres[:, 1] + dy
        inside = (x >= 0) & (x < SIZE) & (y >= 0) & (y < SIZE)
        canvas[y[inside], x[inside]] = colour


def gan_picture(run: GAN2D) -> Image.Image:
    """Run 0 of `run` now: D's heat map, the modes' 3σ circles, real points (dark), generated points (green), and
    arrows along the generator's push on a few of its points."""
    data = toy_data.DATASETS[run.config.dataset]
    picture = field_picture(run.discriminator_field(FIELD_RESOLUTION)[0], run.config.loss in WASSERSTEIN)
    canvas = np.array(picture)
    dots(canvas, to_pixels(run.eval_real[:SHOWN_POINTS], data.extent), REAL_COLOR)
    dots(canvas, to_pixels(run.points(SHOWN_POINTS)[0], data.extent), FAKE_COLOR)
    picture = Image.fromarray(canvas)
    draw = ImageDraw.Draw(picture)
    if data.modes is not None:
        r = 3 * data.std * SIZE / (2 * data.extent)
        for x, y in to_pixels(data.modes, data.extent):
            draw.ellipse((x - r, y - r, x + r, y + r), outline=MODE_COLOR)
    points, push = run.generator_push(ARROWS)
    starts = to_pixels(points[0], data.extent)
    lengths = push[0].norm(dim=1, keepdim=True)
    # every arrow the same length: the direction is the lesson; its size varies by orders of magnitude
    ends = to_pixels(points[0] + 0.35 * push[0] / lengths.clamp_min(1e-12), data.extent)
    for (x0, y0), (x1, y1), length in zip(starts, ends, lengths[:, 0].tolist()):
        if length > 0:
            draw.line((x0, y0, x1, y1), fill=ARROW_COLOR, width=2)
            draw.ellipse((x1 - 2.5, y1 - 2.5, x1 + 2.5, y1 + 2.5), fill=ARROW_COLOR)
    return picture


def history_frames(history: list[dict], labels: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Snapshots over a run -> (losses, coverage) frames of rows (g_updates, series, value) for gr.LinePlot;
    `labels` names each series in the visitor's language. Modes covered is shown as a share of the modes."""
    losses, coverage = [], []
    for snap in history:
        step = snap["g_updates"]
        losses += [(step, labels[key], snap[key]) for key in CURVES]
        for key in COVERAGE:
            value = snap[key]
            if value is None:  # a manifold (Swiss roll, moons) has no modes to count
                continue
            if key == "modes_covered":
                value = value / snap["modes_total"]
            coverage.append((step, labels[key], value))
    columns = ["g_updates", "series", "value"]
    return pd.DataFrame(losses, columns=columns), pd.DataFrame(coverage, columns=columns)
