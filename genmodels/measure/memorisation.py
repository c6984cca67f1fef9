"""Memorisation: how close generated samples come to the training set, against how close unseen test images come.

    genmodels memorisation --threads 1          # the measurement -> metrics.json["memorisation"]
    (or python -m genmodels.measure.memorisation; --build writes the index it searches: genmodels nearest-index)

A model that copies its training images puts samples much nearer to a training image than a test image (drawn
from the same distribution, never trained on) is. So for each generator: N samples, each one's distance to its
nearest training image (zoo.nearest_training_images: exact search over all 60,000, in the shipped classifier's
feature space and in pixels), and the median of those distances beside the median of N test images'. Samples
are drawn as the evaluation's generation section draws them (the same samplers and seeds, chunks of 64 with
seed + i); the diffusion model with DDIM-50 at η = 1, class "any" (a random class per image, unguided), on
fewer samples (a UNet pass per step).

Writes weights/metrics.json["memorisation"] (every other key kept) and the block between MARKERS of DOC.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

from .. import images, registry
from ..build.nearest_index import main as build_index
from ..checks import ANY_CLASS
from ..data import load_arrays
from ..diffusion.pipeline import DDIM_ETA
from ..tables import markdown_table, replace_marked_block
from ..zoo import Zoo
from .quality.run import in_chunks, subset
from .results import environment, rounded, write_json_atomically

MARKERS = ("<!-- memorisation:start -->", "<!-- memorisation:end -->")
DOC = "docs/results.md"  # the page that holds the block between MARKERS
DIFFUSION_STEPS = 50
QUANTILES = {"median": 0.5, "p05": 0.05}  # the 5th percentile: the closest samples, where copies would show


def samplers(zoo: Zoo) -> dict:
    """row -> (label, the model it needs, sample(n, seed) -> (n, 1, 28, 28)), as quality/generation.py samples."""
    return {
        "vae": ("VAE (prior, T=1)", "vae", lambda n, k: zoo.vae_sample(n, k, 1.0, model="vae")),
        **{  # every registered GAN
            spec.name: (
                f"{spec.display_name()} (ψ=1)",
                spec.name,
                lambda n, k, v=spec.api_name: zoo.gan_sample(n, k, v, 1.0),
            )
            for spec in registry.specs(task="gan_sample")
        },
        "diffusion": (
            f"diffusion DDIM-{DIFFUSION_STEPS}, η = {DDIM_ETA:g} (any class)",
            "diffusion",
            lambda n, k: zoo.diffusion_sample(ANY_CLASS, 1.0, "DDIM", DIFFUSION_STEPS, DDIM_ETA, n, k)["images"],
        ),
    }


def nearest_distances(zoo: Zoo, x: torch.Tensor, chunk: int = 500) -> dict:
    """Each image's distance to its nearest training image -> {"features": (N,), "pixels": (N,)}."""
    parts = [zoo.nearest_training_images(part, k=1) for part in x.split(chunk)]
    return {space: torch.cat([p[space]["distances"][:, 0] for p in parts]) for space in ("features", "pixels")}


def summary(distances: dict) -> dict:
    return {space: {name: float(d.quantile(q)) for name, q in QUANTILES.items()} for space, d in distances.items()}


def measure(zoo: Zoo, n_samples: int, n_diffusion: int, seed: int, data_dir=None, progress=True) -> dict:
    test_pixels, _ = load_arrays("test", data_dir)
    test = subset(images.from_uint8(test_pixels), n_samples, seed)
    start = time.perf_counter()
    rows = {"test": {"label": "real test images (not trained on)", "n": len(test),
                     **summary(nearest_distances(zoo, test))}}  # fmt: skip
    skipped = {}
    for name, (label, needs, sample) in samplers(zoo).items():
        if needs not in zoo.available:
            skipped[name] = zoo.missing.get(needs, f"{needs} not loaded")
            continue
        n = n_diffusion if name == "diffusion" else n_samples
        if n == 0:
            continue
        began = time.perf_counter()
        x = in_chunks(sample, n, seed, f"sample {name}", progress)
        rows[name] = {"label": label, "n": n, **summary(nearest_distances(zoo, x))}
        rows[name]["seconds"] = time.perf_counter() - began
    for row in rows.values():  # the headline: a sample's median distance over the test images'
        row["ratio_to_test"] = {s: row[s]["median"] / rows["test"][s]["median"] for s in ("features", "pixels")}
    return {
        "rows": rows,
        "skipped": skipped,
        "protocol": {
            "search": "exact nearest neighbour among all 60,000 training images (weights/nearest/, built by "
            "`python -m genmodels.measure.memorisation --build`), every image rounded to 8 bits first",
            "features": "Euclidean distance between the shipped classifier's penultimate activations (128-d)",
            "pixels": "root mean square pixel difference, [0, 1] pixel units",
            "samples": f"{n_samples} per generator and test images (seeded subset); diffusion {n_diffusion}; "
            "seeds as the evaluation's generation section",
            "seed": seed,
        },
        "seconds": time.perf_counter() - start,
    }


def markdown(result: dict) -> str:
    rows, env = result["rows"], result.get("environment", {})
    header = ["images", "N", "features: median (p5)", "× test", "pixels: median (p5)", "× test"]
    lines = [
        [row["label"], row["n"],
         f"{row['features']['median']:.3g} ({row['features']['p05']:.3g})", f"{row['ratio_to_test']['features']:.2f}",
         f"{row['pixels']['median']:.3f} ({row['pixels']['p05']:.3f})", f"{row['ratio_to_test']['pixels']:.2f}"]
        for row in rows.values()
    ]  # fmt: skip
    return (
        f"Measured by `{env.get('command', 'python -m genmodels.measure.memorisation')}` on {env.get('device', '?')} "
        f"({env.get('threads', '?')} thread(s)), {env.get('date_utc', '?')} UTC, in {result['seconds'] / 60:.1f} min. "
        "Distance of each image to its nearest training image (exact search over all 60,000), median and 5th "
        "percentile; × test = the median over the test images' median. Features: Euclidean, the shipped "
        "classifier's 128-d penultimate layer; pixels: root mean square difference in [0, 1] units. A generator "
        "that copied its training images would sit well below the test row (× test ≪ 1).\n\n"
        + markdown_table(header, lines)
    )


def save(result: dict, weights_dir: Path, doc: Path | None) -> None:
    path = weights_dir / "metrics.json"
    metrics = json.loads(path.read_text()) if path.is_file() else {}
    metrics["memorisation"] = rounded(result)
    write_json_atomically(path, metrics)
    print(f"wrote {path} (memorisation)")
    if doc is not None and replace_marked_block(doc, markdown(result), MARKERS):
        print(f"updated the memorisation block of {doc}")


def main(argv=None) -> dict | None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", action="store_true", help="write weights/nearest/ from the dataset, then stop")
    parser.add_argument("--weights", default="weights")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument(
        "--doc", "--readme", default=DOC, help=f"page whose memorisation block is replaced (default {DOC}; '' = none)"
    )
    parser.add_argument("--n-samples", type=int, default=1000, help="samples per generator, and test images")
    parser.add_argument("--n-diffusion", type=int, default=200, help="diffusion samples (DDIM-50: ~0.2 s each)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--no-save", action="store_true", help="print the table, write nothing")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    weights = Path(args.weights)
    if args.build:  # the older spelling of `genmodels nearest-index`
        build_index(["--weights", str(weights)] + (["--data-dir", args.data_dir] if args.data_dir else []))
        return None
    if args.n_samples < 2 or args.n_diffusion < 0:
        parser.error("--n-samples must be at least 2 and --n-diffusion at least 0")
    zoo = Zoo(weights, device="cpu")
    result = measure(zoo, args.n_samples, args.n_diffusion, args.seed, args.data_dir)
    command = " ".join(["python -m genmodels.measure.memorisation", *(sys.argv[1:] if argv is None else argv)])
    result["environment"] = {**environment(zoo.device), "command": command}
    print(markdown(result))
    if not args.no_save:
        save(result, weights, Path(args.doc) if args.doc else None)
    return result


if __name__ == "__main__":
    main()
