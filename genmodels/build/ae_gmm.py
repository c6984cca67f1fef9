"""The AE as a generator: fit the evaluation's Gaussian mixture on the shipped AE's train codes and ship it.

    python -m genmodels.build.ae_gmm --threads 1       # weights/ae -> weights/ae/gmm.safetensors (~2 min, 1 thread)

The fit is the generation section's (`fit_ae_gmm`: the same train subset, components, seed and stopping rule), so
the app's AE + GMM samples come from the mixture whose FD metrics.json reports ("ae_gmm"); the file's metadata
keeps the log-likelihood and iteration count, which a test compares with that row. Rerun it after retraining the AE.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

from ..data import load
from ..gmm import GMM_FILE, fit_gaussian_mixture, save_gaussian_mixture
from ..measure.quality.run import batched, subset
from ..measure.quality.settings import Settings
from ..zoo import MODEL_FOLDERS, Zoo


def fit_ae_gmm(ae, train_x: torch.Tensor, components: int, fit_images: int, seed: int, device) -> dict:
    """The mixture of the generation section: `components` full-covariance Gaussians fitted on the AE's codes of
    `fit_images` train images (the subset drawn with seed + 1; EM initialised from `seed`)
    -> fit_gaussian_mixture's result, plus fit_images and seconds."""
    start = time.perf_counter()
    fit_x = subset(train_x, fit_images, seed + 1)
    z = batched(ae.encode, fit_x, device).double()
    gmm = fit_gaussian_mixture(z, components, seed=seed)
    return {**gmm, "fit_images": len(fit_x), "seconds": time.perf_counter() - start}


def main(argv=None):
    defaults = Settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weights", default="weights")
    parser.add_argument("--components", type=int, default=defaults.gmm_components)
    parser.add_argument("--fit-images", type=int, default=defaults.gmm_fit_images)
    parser.add_argument("--seed", type=int, default=0, help="the evaluation's seed (default 0, as shipped)")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    zoo = Zoo(args.weights, defer_diffusion=True)
    train_x = load("train", data_dir=args.data_dir).tensors[0]
    gmm = fit_ae_gmm(zoo.model("ae"), train_x, args.components, args.fit_images, args.seed, zoo.device)
    about = {
        "command": " ".join(["python -m genmodels.build.ae_gmm", *(sys.argv[1:] if argv is None else argv)]),
        "components": args.components,
        "fit_images": gmm["fit_images"],
        "seed": args.seed,
        "iterations": gmm["iterations"],
        "log_likelihood": gmm["log_likelihood"],
        "seconds": round(gmm["seconds"], 1),
    }
    path = save_gaussian_mixture(gmm, Path(args.weights) / MODEL_FOLDERS["ae"][0] / GMM_FILE, about)
    print(f"wrote {path}: {about}")


if __name__ == "__main__":
    main()
