"""What the generator's moving average adds: the shipped GAN generator (the average, issue 14) against the raw
generator of the same run's last update, on the evaluation's generation protocol (N = 10,000, its seeds).

    python -m scripts.probe_gan_average --model dcgan --checkpoint runs/gan/dcgan/checkpoint --threads 2

The raw generator is `model.safetensors` of a training checkpoint (`python -m genmodels.train NAME --out DIR`
writes DIR/checkpoint; it is not committed), so this runs where the training ran.
"""

import argparse
import tempfile
from pathlib import Path

import torch
from safetensors.torch import load_file

from genmodels import registry
from genmodels.measure.quality.run import EvaluationRun, in_chunks
from genmodels.measure.quality.settings import Settings
from genmodels.zoo import Zoo

SEED = 0  # the evaluation's
MODELS = registry.names(family="GAN")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weights", default="weights")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--model", required=True, choices=MODELS)
    parser.add_argument("--checkpoint", required=True, type=Path, help="the training run's checkpoint folder")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    settings = Settings()
    zoo = Zoo(args.weights, defer_diffusion=True)
    run = EvaluationRun(zoo, settings, SEED, [args.model], Path(tempfile.mkdtemp()), args.data_dir, progress=False)

    def sample(n, seed):  # the evaluation's own sampler (measure/quality/generation.py), ψ = 1
        return zoo.gan_sample(n, seed, args.model, 1.0)

    def report(label):
        d = run.distances(in_chunks(sample, settings.n_samples, SEED, "", False))
        print(
            f"{label}: FD {d['fid']:.1f}, precision {d['precision']:.3f}, recall {d['recall']:.3f}, "
            f"class entropy {d['class_entropy']:.3f}",
            flush=True,
        )

    report(f"{args.model} shipped (the average)")
    # the same module with the checkpoint's generator: its weights and batch-norm statistics (module 0 of the recipe)
    zoo.model(args.model).load_state_dict(load_file(args.checkpoint / "model.safetensors"))
    report(f"{args.model} raw last update")


if __name__ == "__main__":
    main()
