"""Fit the VAE's pixel scale: the discretized logistic's scale (in grey levels) that maximises the likelihood of
training images under the shipped VAE, i.e. minimises their mean `genmodels.scores.vae_bits` (how
genmodels.scores.VAE_PIXEL_SCALE was chosen; no out-of-distribution image takes part).

    python -m scripts.fit_pixel_scale                 # 5,000 training images, the shipped weights/vae
    python -m scripts.fit_pixel_scale --limit 60000 --threads 1
"""

import argparse
import math

import torch
from scipy.optimize import minimize_scalar

from genmodels.data import load
from genmodels.models import VAE
from genmodels.scores import VAE_PIXEL_SCALE, vae_bits


def vae_script_arguments(parser: argparse.ArgumentParser) -> None:
    """The options this script and probe_complexity.py share: which weights, which data, how many threads."""
    parser.add_argument("--weights", default="weights")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--threads", type=int)


def shipped_vae(args) -> VAE:
    """The β=1 VAE of args.weights, in eval mode, after setting torch's threads."""
    if args.threads:
        torch.set_num_threads(args.threads)
    return VAE.from_pretrained(f"{args.weights}/vae").eval()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    vae_script_arguments(parser)
    parser.add_argument("--limit", type=int, default=5000, help="the first N training images")
    args = parser.parse_args(argv)

    vae = shipped_vae(args)
    x = load("train", data_dir=args.data_dir, limit=args.limit).tensors[0]

    @torch.inference_mode()
    def mean_bits(log_scale: float) -> float:
        return torch.cat([vae_bits(vae, chunk, math.exp(log_scale)) for chunk in x.split(1000)]).mean().item()

    # the mean bits are smooth and have one minimum in the scale; search it on a log axis, 1 to 128 grey levels
    best = minimize_scalar(mean_bits, bounds=(0.0, math.log(128)), method="bounded", options={"xatol": 1e-3})
    print(f"{len(x)} training images: scale {math.exp(best.x):.2f} grey levels, {best.fun:.1f} bits per image")
    print(f"shipped VAE_PIXEL_SCALE = {VAE_PIXEL_SCALE}: {mean_bits(math.log(VAE_PIXEL_SCALE)):.1f} bits per image")


if __name__ == "__main__":
    main()
