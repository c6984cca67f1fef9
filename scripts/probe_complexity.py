"""Which compressor, and which pixel scale, for the complexity-corrected anomaly score (how
genmodels.scores.ZLIB_LEVEL's zlib was chosen). On the evaluation's own images (genmodels.measure.quality.anomaly),
prints the AUROC per out-of-distribution set of S(x) = VAE bits - L(x) for each compressor L, and of the parts alone.

    python -m scripts.probe_complexity --threads 1                  # the shipped scale, zlib vs PNG vs bzip2
    python -m scripts.probe_complexity --scales 8 20 32 --n-normal 500 --n-ood 250

A scale other than the shipped one is chosen here by looking at out-of-distribution sets, i.e. tuned on the test:
the shipped scale comes from training images alone (scripts.fit_pixel_scale).
"""

import argparse
import bz2
import io
import zlib

import numpy as np
import torch
from PIL import Image

from genmodels import images
from genmodels.data import load
from genmodels.measure.quality.anomaly import evaluation_sets
from genmodels.metrics import auroc
from genmodels.scores import VAE_PIXEL_SCALE, ZLIB_LEVEL, vae_bits
from scripts.fit_pixel_scale import shipped_vae, vae_script_arguments


def png_bytes(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels, "L").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


COMPRESSORS = {  # name -> the 8-bit 28x28 image -> its compressed bytes
    "zlib": lambda pixels: zlib.compress(pixels.tobytes(), ZLIB_LEVEL),
    "png": png_bytes,
    "bz2": lambda pixels: bz2.compress(pixels.tobytes(), 9),
}


def bits(x: torch.Tensor, compress) -> np.ndarray:
    return np.array([8.0 * len(compress(pixels)) for pixels in images.to_uint8(x)])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    vae_script_arguments(parser)
    parser.add_argument("--scales", type=float, nargs="+", default=[VAE_PIXEL_SCALE], help="pixel scales (grey levels)")
    parser.add_argument("--n-normal", type=int, default=2000, help="as evaluate's --n-anomaly")
    parser.add_argument("--n-ood", type=int, default=1000, help="as evaluate's --n-ood")
    parser.add_argument("--seed", type=int, default=0, help="as evaluate's --seed")
    args = parser.parse_args(argv)

    vae = shipped_vae(args)
    normal, ood = evaluation_sets(load("test", data_dir=args.data_dir).tensors[0], args.n_normal, args.n_ood, args.seed)
    sets = {"normal": normal, **ood}
    lengths = {name: {k: bits(x, compress) for k, x in sets.items()} for name, compress in COMPRESSORS.items()}
    print(f"{len(normal)} normal test images, {args.n_ood} per OOD set; AUROC (anomalous = positive)")
    print("| score | " + " | ".join(ood) + " |")
    print("|---" * (len(ood) + 1) + "|")

    def row(label, scores):
        print(f"| {label} | " + " | ".join(f"{auroc(scores['normal'], scores[k]):.3f}" for k in ood) + " |")

    for name in COMPRESSORS:
        row(f"L(x) alone, {name}", lengths[name])
    for scale in args.scales:
        with torch.inference_mode():
            likelihood = {
                k: torch.cat([vae_bits(vae, chunk, scale) for chunk in x.split(500)]).numpy() for k, x in sets.items()
            }
        row(f"VAE bits alone, scale {scale:g}", likelihood)
        for name in COMPRESSORS:
            row(f"VAE bits - {name} bits, scale {scale:g}", {k: likelihood[k] - lengths[name][k] for k in sets})


if __name__ == "__main__":
    main()
