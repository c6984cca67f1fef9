"""Charts for the UI, built without a plotting library: pandas frames for Gradio's native plots (the
Compare tab's quality-against-speed, guidance and DDIM-steps plots read weights/metrics.json), and the 2-D
latent map drawn with PIL (a plain image, so a click on it has pixel coordinates we can invert)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFont

from genmodels.ui.names import color as model_color
from genmodels.ui.names import diffusion_sampler, model_name
from genmodels.zoo import CLASS_NAMES, LATENT_LIMIT

from .measured import significant

# matplotlib's "tab10": ten colours that stay distinguishable, one per class
CLASS_COLORS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip


def latent_frame(latent) -> pd.DataFrame:
    """A latent code (D,) -> rows (dimension, value); dimension names sort in index order ("z00", "z01", ...)."""
    values = np.asarray(latent, dtype=np.float64).reshape(-1)
    width = len(str(max(len(values) - 1, 0)))
    return pd.DataFrame({"dimension": [f"z{i:0{width}d}" for i in range(len(values))], "value": values})


KL_STATES = ("active", "collapsed")  # the legend of the KL bars (a frame value: the same in every language)
KL_COLORS = {"active": "#1f77b4", "collapsed": "#bbbbbb"}


def kl_frame(kl_per_dim, threshold: float) -> pd.DataFrame:
    """A VAE's mean KL of each latent dimension (D,) -> rows (dimension, kl, state): "active" above `threshold`
    nats, else "collapsed"; dimension names as latent_frame's ("z00", ...)."""
    frame = latent_frame(kl_per_dim).rename(columns={"value": "kl"})
    frame["state"] = np.where(frame["kl"] > threshold, *KL_STATES)
    return frame


def class_count_frame(counts) -> pd.DataFrame:
    """Counts per class (10,) -> rows (class, count) in label order."""
    return pd.DataFrame({"class": list(CLASS_NAMES), "count": [int(c) for c in counts]})


def score_histogram_frame(bin_edges, counts, threshold: float, score: float | None = None) -> pd.DataFrame:
    """The test set's score histogram as a line through the bin centres, plus vertical lines at the
    threshold and (optionally) the upload's score. Columns: score, count, series."""
    edges = np.asarray(bin_edges, dtype=np.float64)
    counts = np.asarray(counts, dtype=np.float64)
    centres = (edges[:-1] + edges[1:]) / 2
    top = float(counts.max()) if counts.size else 1.0
    rows = [{"score": float(x), "count": float(c), "series": "test set"} for x, c in zip(centres, counts)]
    marks = [("threshold", threshold)] + ([("your image", score)] if score is not None else [])
    for name, x in marks:
        rows += [{"score": float(x), "count": 0.0, "series": name}, {"score": float(x), "count": top, "series": name}]
    return pd.DataFrame(rows)


def nice_ticks(low: float, high: float, target: int = 6) -> np.ndarray:
    """Round tick values (steps of 1, 2 or 5 times a power of ten) covering [low, high], about `target` of them."""
    raw = (high - low) / target
    power = 10 ** np.floor(np.log10(raw))
    step = power * min((1, 2, 5, 10), key=lambda m: abs(m * power - raw))
    return np.arange(np.ceil(low / step), np.floor(high / step) + 1) * step + 0.0  # + 0.0 turns -0.0 into 0.0


def generation_rows(metrics: dict) -> dict:
    rows = (metrics.get("generation") or {}).get("rows") if isinstance(metrics, dict) else None
    return {key: row for key, row in (rows or {}).items() if isinstance(row, dict)}


def number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# The plots' columns are fixed identifiers; the Compare tab titles the axes in the visitor's language. The
# legend's entries are the frames' values, so they read the same in every language: a native plot keeps the
# colour domain of its first drawing, and data of other names sent later would not be drawn.
SPEED_COLUMNS = ("model", "log10_ms", "fd", "ms / image", "N")  # the last two show in the tooltip
GUIDANCE_COLUMNS = ("w", "accuracy", "classes")
STEPS_COLUMNS = ("steps", "fd", "eta")


def speed_quality_frame(metrics: dict) -> tuple[pd.DataFrame, dict[str, str]]:
    """One point per generator and sampler: FD against log10(ms per image), named and coloured by model.
    -> (frame, colour per model name). Native plots have no log axis, and the times span four decades
    (0.2 ms for a VAE, seconds for DDPM), so x is the log; the tooltip shows the time itself."""
    rows, colors = [], {}
    for key, row in generation_rows(metrics).items():
        fd, seconds = number(row.get("fid")), number(row.get("seconds_per_image"))
        if fd is None or not seconds or seconds <= 0:  # the real-data floor takes no time: it is no point
            continue
        name = model_name(key)
        colors[name] = model_color(key)
        rows.append([name, float(np.log10(1000 * seconds)), fd, significant(1000 * seconds), row.get("n_samples")])
    return pd.DataFrame(rows, columns=SPEED_COLUMNS), colors


GUIDANCE_SERIES = (("mean", "accuracy"), ("min", "min_class_accuracy"))  # over the 10 classes: legend entry, field


def guidance_frame(metrics: dict) -> pd.DataFrame:
    """Classifier-free guidance: the share of samples the classifier puts in the requested class (%), the mean
    over the classes and the worst class, at each measured guidance scale w (metrics.json's guidance section)."""
    scales = ((metrics.get("guidance") or {}).get("scales") or {}) if isinstance(metrics, dict) else {}
    rows = []
    for entry in sorted((e for e in scales.values() if isinstance(e, dict)), key=lambda e: e.get("guidance_scale", 0)):
        w = number(entry.get("guidance_scale"))
        for series, field in GUIDANCE_SERIES:
            share = number(entry.get(field))
            if w is not None and share is not None:
                rows.append([w, round(100 * share, 1), series])
    return pd.DataFrame(rows, columns=GUIDANCE_COLUMNS)


def ddim_steps_frame(metrics: dict) -> pd.DataFrame:
    """Unguided DDIM (class "any"): FD at each measured step count, one line per η (the same seeds for every row)."""
    rows = []
    for key, row in generation_rows(metrics).items():
        sampler, fd = diffusion_sampler(key), number(row.get("fid"))
        if sampler and sampler["sampler"] == "DDIM" and fd is not None:
            rows.append([sampler["steps"], fd, f"η = {sampler['eta']:g}"])
    rows.sort(key=lambda r: (r[2], r[0]))
    return pd.DataFrame(rows, columns=STEPS_COLUMNS)


HISTOGRAM_COLORS = {"test set": "#7f7f7f", "threshold": "#d62728", "your image": "#1f77b4"}


@dataclass
class LatentMap:
    """The test set scattered in vae2d's latent plane, drawn as a PIL image whose pixels map back to z."""

    z: np.ndarray  # (N, 2)
    labels: np.ndarray  # (N,)
    size: tuple[int, int] = (640, 480)
    plot_box: tuple[int, int, int, int] = (56, 28, 464, 436)  # left, top, right, bottom of the scatter area
    limit: float = LATENT_LIMIT  # the zoo decodes |z| <= limit

    def __post_init__(self):
        # robust bounds: the central 99% of the points plus a margin, so one outlier does not shrink the cloud
        low, high = np.percentile(self.z, [0.5, 99.5], axis=0)
        pad = 0.1 * (high - low) + 1e-6
        self.low = np.clip(low - pad, -self.limit, self.limit)
        self.high = np.clip(high + pad, -self.limit, self.limit)

    def to_pixel(self, z1: float, z2: float) -> tuple[float, float]:
        left, top, right, bottom = self.plot_box
        fx = (z1 - self.low[0]) / (self.high[0] - self.low[0])
        fy = (z2 - self.low[1]) / (self.high[1] - self.low[1])
        return left + fx * (right - left), bottom - fy * (bottom - top)

    def to_latent(self, x: float, y: float) -> tuple[float, float]:
        """A clicked pixel -> (z1, z2); clicks outside the scatter area snap to its edge."""
        left, top, right, bottom = self.plot_box
        fx = min(max((x - left) / (right - left), 0.0), 1.0)
        fy = min(max((bottom - y) / (bottom - top), 0.0), 1.0)
        return (
            float(self.low[0] + fx * (self.high[0] - self.low[0])),
            float(self.low[1] + fy * (self.high[1] - self.low[1])),
        )

    def render(self, marker: tuple[float, float] | None = None) -> Image.Image:
        image = Image.new("RGB", self.size, "white")
        draw = ImageDraw.Draw(image)
        font = ImageFont.load_default(size=12)
        left, top, right, bottom = self.plot_box
        draw.rectangle(self.plot_box, outline="#444444")
        # axes: ticks at round values of z
        for axis in (0, 1):
            for value in nice_ticks(self.low[axis], self.high[axis]):
                if axis == 0:
                    x, _ = self.to_pixel(value, self.low[1])
                    draw.line([(x, bottom), (x, bottom + 4)], fill="#444444")
                    draw.text((x, bottom + 6), f"{value:.3g}", fill="#444444", font=font, anchor="mt")
                else:
                    _, y = self.to_pixel(self.low[0], value)
                    draw.line([(left - 4, y), (left, y)], fill="#444444")
                    draw.text((left - 6, y), f"{value:.3g}", fill="#444444", font=font, anchor="rm")
        draw.text(((left + right) / 2, self.size[1] - 4), "z1", fill="#222222", font=font, anchor="md")
        draw.text((left, top - 16), "z2", fill="#222222", font=font, anchor="mm")
        # the prior N(0, I) under the codes, its 1 and 2 sd circles: where the codes leave the prior's mass empty
        # (the prior hole) shows
        for radius in (1.0, 2.0):
            (x0, y0), (x1, y1) = self.to_pixel(-radius, radius), self.to_pixel(radius, -radius)
            draw.ellipse([x0, y0, x1, y1], outline="#999999", width=1)
        # the points, 2 px radius, in class colours
        for (z1, z2), label in zip(self.z, self.labels):
            x, y = self.to_pixel(z1, z2)
            if left <= x <= right and top <= y <= bottom:
                draw.ellipse([x - 2, y - 2, x + 2, y + 2], fill=CLASS_COLORS[int(label)])
        # legend
        for i, name in enumerate(CLASS_NAMES):
            y = top + 10 + 22 * i
            draw.rectangle([right + 16, y - 5, right + 26, y + 5], fill=CLASS_COLORS[i])
            draw.text((right + 32, y), name, fill="#222222", font=font, anchor="lm")
        y = top + 10 + 22 * len(CLASS_NAMES)
        draw.ellipse([right + 16, y - 5, right + 26, y + 5], outline="#999999")
        draw.text((right + 32, y), "N(0, I): 1 sd, 2 sd", fill="#222222", font=font, anchor="lm")
        if marker is not None:
            x, y = self.to_pixel(*marker)
            for color, width in (("white", 7), ("black", 3)):  # a black cross with a white halo shows on any colour
                draw.line([(x - 12, y), (x + 12, y)], fill=color, width=width)
                draw.line([(x, y - 12), (x, y + 12)], fill=color, width=width)
        return image
