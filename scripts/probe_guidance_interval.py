"""Class accuracy of guided diffusion samples for several guidance intervals and DDIM etas (how
GUIDANCE_INTERVAL and DDIM_ETA were chosen).

For each upper limit `hi` and each eta, samples `--per-class` images of every class with guidance `--scale`
applied only for t <= hi (w = 1 elsewhere: the plain conditional model), same seed for every row, and prints
the shipped classifier's agreement with the requested class, overall and per class.

    python -m scripts.probe_guidance_interval --steps 50 --scale 3 --his 300 400 500 600 --seed 0
    python -m scripts.probe_guidance_interval --his 400 --etas 0 1 --per-class 50 --seed 7
"""

import argparse

import torch

from genmodels.data import CLASS_NAMES, NUM_CLASSES
from genmodels.diffusion.pipeline import DDIM_ETA, MAX_PIPELINE_IMAGES, FashionDiffusionPipeline
from genmodels.metrics import ClassifierJudge
from genmodels.models import FashionClassifier


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weights", default="weights")
    parser.add_argument("--steps", type=int, default=50, help="DDIM steps")
    parser.add_argument("--scale", type=float, default=3.0, help="guidance scale inside the interval")
    parser.add_argument("--his", type=int, nargs="+", default=[300, 400, 500, 600, 999], help="interval upper limits")
    parser.add_argument("--etas", type=float, nargs="+", default=[DDIM_ETA], help="DDIM etas (default: the app's)")
    parser.add_argument("--per-class", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int)
    parser.add_argument(
        "--timestep-spacing", choices=["leading", "trailing", "linspace"], help="default: the shipped config's"
    )
    args = parser.parse_args(argv)
    if args.per_class > MAX_PIPELINE_IMAGES:
        parser.error(f"--per-class must be at most {MAX_PIPELINE_IMAGES} (one pipeline call per class)")
    if args.threads:
        torch.set_num_threads(args.threads)

    pipe = FashionDiffusionPipeline.from_pretrained(f"{args.weights}/diffusion")
    pipe.set_progress_bar_config(disable=True)
    if args.timestep_spacing:  # the pipeline builds its sampler from this config
        pipe.scheduler.register_to_config(timestep_spacing=args.timestep_spacing)
    judge = ClassifierJudge(FashionClassifier.from_pretrained(f"{args.weights}/classifier").eval())
    labels = torch.arange(NUM_CLASSES).repeat_interleave(args.per_class)
    spacing = pipe.scheduler.config.timestep_spacing
    print(f"DDIM-{args.steps} ({spacing} spacing), w = {args.scale:g}, {args.per_class} per class, seed {args.seed}")
    print("| interval | η | accuracy | worst class | " + " | ".join(CLASS_NAMES) + " |")
    print("|---" * (NUM_CLASSES + 4) + "|")
    for hi, eta in [(hi, eta) for hi in args.his for eta in args.etas]:
        # one call per class (the pipeline takes at most MAX_PIPELINE_IMAGES), each with its own seed
        x = torch.cat(
            [
                pipe(
                    class_labels=[c] * args.per_class,
                    guidance_scale=args.scale,
                    num_inference_steps=args.steps,
                    seed=args.seed + c,
                    output_type="pt",
                    guidance_interval=(0, hi),
                    eta=eta,
                ).images
                for c in range(NUM_CLASSES)
            ]
        )
        per_class = (judge.predict(x) == labels).float().view(NUM_CLASSES, args.per_class).mean(1)
        cells = " | ".join(f"{v:.0%}" for v in per_class.tolist())
        print(f"| (0, {hi}) | {eta:g} | {per_class.mean():.1%} | {per_class.min():.0%} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
