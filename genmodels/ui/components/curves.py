"""Training curves: each shipped model's per-epoch log (weights/<model>/metrics.jsonl, written by
`python -m genmodels.train`) as long pandas frames (epoch, value, series) for Gradio's native line plots, and its
per-epoch sample grids (weights/<model>/samples/epoch_NNN.png). Nothing here reads the dataset or a model.

    runs = training_runs(Path("weights"))            # {"ae": Run(...), "vae": Run(...), ...}
    curves(runs["vae"])["loss"]                     # train and test -ELBO per epoch

What a log holds, by family (the recipes in genmodels/training/recipes/ write it): every line has epoch, step and the
running means of the training losses over the epoch's last batches, then the recipe's test evaluation:
- AE: train_mse (before: mse, see `train_mse`), test_mse, test_psnr;
- VAE: recon and kl (training), test_recon_nll (test_recon_bce in older logs), test_kl, kl_per_dim (test, one value
  per latent dimension);
- GAN: d_loss, g_loss (training), w_distance (WGAN-GP's critic, training batches), mean_score_real and
  mean_score_fake (the discriminator on test images and on 1,000 samples);
- diffusion: loss (training), class_accuracy_ddim25_w3 (its samples, judged by the classifier);
- classifier: loss and acc (training), test_accuracy.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from genmodels.ui.names import family

CURVE_COLUMNS = ("epoch", "value", "series")
LOG_FILE = "metrics.jsonl"
GRID_FILE = re.compile(r"epoch_(\d{3,})\.png")

# The charts a run can have, and which family has which. The series of each chart are fixed names (the legend
# reads them; a native plot keeps the colours of its first drawing, so every model's frame uses the same ones).
CHART_SERIES = {
    "loss": ("train", "test"),
    "quality": ("train", "test"),
    "kl": tuple(f"z{i:02d}" for i in range(16)),  # the widest VAE's latent; narrower ones use the first names
    "gan_loss": ("discriminator", "generator"),
    "critic": ("real", "generated", "W estimate"),
}
FAMILY_CHARTS = {
    "AE": ("loss", "quality"),
    "VAE": ("loss", "kl"),
    "GAN": ("gan_loss", "critic"),
    "diffusion": ("loss", "quality"),
    "classifier": ("loss", "quality"),
}
# The runs of the overfitting study (python -m genmodels.train ae --limit 500 ..., see their model cards):
# the same AE on the same 500 images, without and with regularisation.
OVERFIT_RUNS = {"ae_overfit": "no regularisation", "ae_regularised": "regularised"}


@dataclass
class Run:
    """One trained model's folder: its log, its family, its per-epoch sample grids."""

    key: str
    folder: Path
    records: list[dict]
    family: str
    config: dict = field(default_factory=dict)

    @property
    def epochs(self) -> list[float]:
        """The logged epoch of each record, except that a run stopped mid-epoch (--max-minutes) logs the partial
        epoch under the number of the last whole one: such a repeated number becomes the fraction it reached."""
        first = self.records[0]
        steps_per_epoch = first["step"] / first["epoch"]
        epochs = []
        for previous, record in zip([None, *self.records], self.records):
            if previous is not None and record["epoch"] == previous["epoch"]:
                epochs.append(round(previous["epoch"] + (record["step"] - previous["step"]) / steps_per_epoch, 2))
            else:
                epochs.append(float(record["epoch"]))
        return epochs

    @property
    def grids(self) -> dict[int, Path]:
        """epoch -> its sample grid, for the epochs that have one."""
        folder = self.folder / "samples"
        found = (GRID_FILE.fullmatch(path.name) for path in folder.glob("epoch_*.png")) if folder.is_dir() else ()
        return {int(match[1]): folder / match[0] for match in sorted(found, key=lambda m: int(m[1])) if match}

    @property
    def last_epoch(self) -> int:
        return int(self.records[-1]["epoch"])

    def grid(self, epoch: int) -> Path | None:
        """The sample grid of `epoch`, or of the latest epoch before it that has one."""
        earlier = [e for e in self.grids if e <= epoch]
        return self.grids[max(earlier)] if earlier else None


def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def training_runs(weights_dir) -> dict[str, Run]:
    """Every model folder of `weights_dir` with a training log, keyed by folder name, in name order."""
    runs = {}
    for log in sorted(Path(weights_dir).glob(f"*/{LOG_FILE}")):
        folder, records = log.parent, read_log(log)
        key = folder.name
        kind = family(key) or ("AE" if key in OVERFIT_RUNS else "")
        if not records or kind not in FAMILY_CHARTS:
            continue
        config_path = folder / "config.json"
        config = json.loads(config_path.read_text()) if config_path.is_file() else {}
        runs[key] = Run(key, folder, records, kind, config)
    return runs


# -- one run's values per epoch --------------------------------------------------------------------------------


def train_mse(record: dict) -> float | None:
    """An AE's training MSE in [0, 1] pixel units, the unit of test_mse. Runs logged before the recipe said so
    carry "mse", the objective's MSE on [-1, 1] images: exactly 4 times the same error in [0, 1] pixels
    (to_unit halves every difference, so it quarters every square), hence / 4, with no approximation."""
    if "train_mse" in record:
        return record["train_mse"]
    return record["mse"] / 4 if "mse" in record else None


def vae_neg_elbo(record: dict, beta: float) -> float | None:
    """The training -ELBO at the model's β (recon + β·kl), the quantity test_neg_elbo measures on test images.
    The logged "loss" used the warm-up's smaller β during the first epochs; recon and kl are running means,
    and so is this sum of them."""
    if "recon" not in record or "kl" not in record:
        return None
    return record["recon"] + beta * record["kl"]


def percent(value):
    return None if value is None else 100 * value


def series_values(run: Run) -> dict[str, dict[str, list]]:
    """chart -> series -> one value (or None) per record."""
    records = run.records
    take = lambda key, scale=lambda v: v: [scale(r[key]) if key in r else None for r in records]  # noqa: E731
    if run.family == "AE":
        return {
            "loss": {"train": [train_mse(r) for r in records], "test": take("test_mse")},
            "quality": {"test": take("test_psnr")},
        }
    if run.family == "VAE":
        beta = float(run.config.get("beta", 1.0))
        dims = {}
        for r in records:
            for i, kl in enumerate(r.get("kl_per_dim") or []):
                dims.setdefault(CHART_SERIES["kl"][i], []).append(kl)
        return {
            "loss": {"train": [vae_neg_elbo(r, beta) for r in records], "test": take("test_neg_elbo")},
            "kl": {name: values for name, values in dims.items() if len(values) == len(records)},
        }
    if run.family == "GAN":
        return {
            "gan_loss": {"discriminator": take("d_loss"), "generator": take("g_loss")},
            "critic": {
                "real": take("mean_score_real"),
                "generated": take("mean_score_fake"),
                "W estimate": take("w_distance"),
            },
        }
    if run.family == "diffusion":
        return {"loss": {"train": take("loss")}, "quality": {"test": take("class_accuracy_ddim25_w3", percent)}}
    return {
        "loss": {"train": take("loss")},
        "quality": {"train": take("acc", percent), "test": take("test_accuracy", percent)},
    }


def long_frame(epochs: list[float], series: dict[str, list]) -> pd.DataFrame:
    """series -> rows (epoch, value, series), leaving out the epochs a series has no value for."""
    rows = [
        (epoch, float(value), name)
        for name, values in series.items()
        for epoch, value in zip(epochs, values)
        if value is not None
    ]
    return pd.DataFrame(rows, columns=CURVE_COLUMNS)


def curves(run: Run) -> dict[str, pd.DataFrame]:
    """Every chart of CHART_SERIES -> its frame for this run (empty for the charts its family has not)."""
    values = series_values(run)
    return {chart: long_frame(run.epochs, values.get(chart, {})) for chart in CHART_SERIES}


def overfit_frame(runs: dict[str, Run]) -> pd.DataFrame:
    """The overfitting study on one chart: train and test MSE of each of OVERFIT_RUNS, series "<run> · train"."""
    frames = []
    for key, label in OVERFIT_RUNS.items():
        if key in runs:
            loss = curves(runs[key])["loss"]
            frames.append(loss.assign(series=label + " · " + loss["series"]))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CURVE_COLUMNS)
