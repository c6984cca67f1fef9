"""Anomaly thresholds: score the Fashion-MNIST test set with every anomaly score and keep the 95th percentile.

    python -m genmodels.build.calibrate                      # all 10,000 test images -> weights/anomaly.json
    python -m genmodels.build.calibrate --weights weights --limit 1000
    python -m genmodels.build.calibrate --methods diffusion  # after retraining one model: the others' entries stay

Test images are "normal" by definition, so a threshold at their 95th percentile flags 5% of normal images:
the detector's false-positive rate, which the app states next to every verdict. The file also keeps each
score's histogram over the test set, which the Anomaly tab plots with the upload's score marked.
Scores come from genmodels.zoo (the same functions the app uses), so calibration and app cannot disagree.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from tqdm.auto import tqdm

from ..data import load
from ..measure.results import write_json_atomically
from ..scores import ANOMALY_SEED, ANOMALY_TIMESTEPS, VAE_PIXEL_SCALE, ZLIB_LEVEL
from ..zoo import ANOMALY_FILE, ANOMALY_METHODS, Zoo

PERCENTILE = 95.0  # => 5% of test images above the threshold
HISTOGRAM_BINS = 50
HISTOGRAM_CLIP_QUANTILE = 0.995  # the last bin also holds the top 0.5%, so a few outliers don't squash the plot


def summarize(scores: np.ndarray, percentile: float = PERCENTILE, bins: int = HISTOGRAM_BINS) -> dict:
    """Threshold, its measured false-positive rate and a histogram of one method's test-set scores."""
    scores = np.asarray(scores, dtype=np.float64)
    threshold = float(np.percentile(scores, percentile))
    low = float(scores.min())
    top = max(float(np.quantile(scores, HISTOGRAM_CLIP_QUANTILE)), low + 1e-12)  # a non-empty range
    counts, edges = np.histogram(np.clip(scores, low, top), bins=bins, range=(low, top))
    return {
        "threshold": threshold,
        "fpr": float((scores > threshold).mean()),
        "n_images": int(len(scores)),
        "mean": float(scores.mean()),
        "std": float(scores.std()),
        "bin_edges": edges.tolist(),
        "counts": counts.tolist(),
    }


def score_all(zoo: Zoo, x: torch.Tensor, method: str, batch_size: int = 50, progress: bool = True) -> np.ndarray:
    """Anomaly scores of every image in x (N, 1, 28, 28), in batches, with a progress bar."""
    chunks = tqdm(x.split(batch_size), desc=f"anomaly score {method}", disable=not progress)
    return torch.cat([zoo.anomaly_scores(chunk, method) for chunk in chunks]).numpy()


def calibrate(zoo: Zoo, x: torch.Tensor, methods=ANOMALY_METHODS, batch_size: int = 50, progress: bool = True) -> dict:
    """The anomaly.json content for the methods whose model is loaded (the others are listed as skipped)."""
    result = {
        "split": "test",
        "n_images": int(len(x)),
        "percentile": PERCENTILE,
        "target_fpr": round(1 - PERCENTILE / 100, 6),
        "histogram_clip_quantile": HISTOGRAM_CLIP_QUANTILE,
        "diffusion_timesteps": list(ANOMALY_TIMESTEPS),
        "diffusion_seed": ANOMALY_SEED,
        "device": str(zoo.device),
        "methods": {},
        "skipped": {},
    }
    needs = {"ae": "ae", "vae": "vae", "diffusion": "diffusion", "vae_complexity": "vae"}
    for method in methods:
        if needs[method] not in zoo.available:
            result["skipped"][method] = zoo.missing.get(needs[method], "not loaded")
            continue
        start = time.perf_counter()
        scores = score_all(zoo, x, method, batch_size, progress)
        result["methods"][method] = {**summarize(scores), "seconds": round(time.perf_counter() - start, 2)}
        if method == "vae_complexity":  # what its bits were measured with, kept beside its threshold
            result["methods"][method].update(pixel_scale=VAE_PIXEL_SCALE, compressor=f"zlib level {ZLIB_LEVEL}")
    return result


# what makes two calibrations comparable: entries measured under the same protocol can share one file
PROTOCOL_KEYS = ("split", "n_images", "percentile", "histogram_clip_quantile", "diffusion_timesteps", "diffusion_seed")


def merge_calibration(old: dict, new: dict) -> dict:
    """`new` laid over `old`: a run of some --methods keeps the other methods' entries (same protocol only)."""
    differ = [key for key in PROTOCOL_KEYS if old.get(key) != new.get(key)]
    if differ:
        raise ValueError(
            f"the existing calibration used other settings ({', '.join(differ)}): recalibrate every method, "
            "or match them"
        )
    methods = {**old.get("methods", {}), **new["methods"]}
    skipped = {k: v for k, v in {**old.get("skipped", {}), **new["skipped"]}.items() if k not in methods}
    return {**new, "methods": methods, "skipped": skipped}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", default="weights", help="the weights folder; anomaly.json is written into it")
    parser.add_argument("--limit", type=int, default=None, help="the first N test images only (default: all)")
    # small batches: the UNet's time per image grows with batches of hundreds on a CPU (measured: 32 -> 32 ms,
    # 250 -> 75 ms per image for the diffusion score, one thread)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--data-dir", default=None, help="folder with the Fashion-MNIST idx.gz files")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    parser.add_argument("--methods", nargs="+", default=list(ANOMALY_METHODS), choices=ANOMALY_METHODS)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 2:
        parser.error(f"--limit must be at least 2, got {args.limit}")
    if args.threads:
        torch.set_num_threads(args.threads)

    zoo = Zoo(args.weights, device=args.device)
    x = load("test", data_dir=args.data_dir, limit=args.limit).tensors[0]
    result = calibrate(zoo, x, args.methods, args.batch_size)
    if not result["methods"]:
        sys.exit(f"no anomaly model loaded from {args.weights}: {result['skipped']}")
    path = Path(args.weights) / ANOMALY_FILE
    if set(args.methods) != set(ANOMALY_METHODS) and path.is_file():
        try:
            result = merge_calibration(json.loads(path.read_text()), result)
        except ValueError as error:
            sys.exit(f"{path}: {error}")
    write_json_atomically(path, result)
    for method, entry in result["methods"].items():
        print(
            f"{method:10s} threshold {entry['threshold']:.6g}  fpr {entry['fpr']:.4f}  "
            f"({entry['n_images']} images, {entry['seconds']} s)"
        )
    for method, why in result["skipped"].items():
        print(f"{method:10s} skipped: {why}")
    print(f"wrote {path}")
    return result


if __name__ == "__main__":
    main()
