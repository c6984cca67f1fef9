"""`python -m genmodels.train`'s command line, and the recipe options it resolves (the registry's defaults, then
--epochs, --batch-size, --lr, --weight-decay and --option KEY=VALUE on top)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .. import registry


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m genmodels.train", description="Train a genmodels model on Fashion-MNIST."
    )
    parser.add_argument("model", nargs="?", choices=sorted(registry.RECIPES))
    parser.add_argument("--all", action="store_true", help="train every model in order, the classifier first")
    parser.add_argument("--epochs", type=int, help="default: per model (printed at start)")
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--lr", type=float)
    parser.add_argument("--weight-decay", type=float, help="AdamW's decoupled weight decay; default: per model")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="default: weights/MODEL")
    parser.add_argument("--resume", action="store_true", help="continue from OUT's newest checkpoint or its weights")
    parser.add_argument("--checkpoint-every", type=int, help="also checkpoint every N steps (default: each epoch)")
    parser.add_argument("--keep-checkpoints", type=int, default=2, help="how many checkpoints to keep (default 2)")
    parser.add_argument("--report-to", choices=["none", "tensorboard"], default="none", help="an Accelerate tracker")
    parser.add_argument("--push-to-hub", action="store_true", help="upload OUT to its Hub model repo at the end")
    parser.add_argument("--hub-model-id", help="the repo for --push-to-hub (default: genmodels/genmodels-MODEL)")
    parser.add_argument("--hub-private", action="store_true", help="--push-to-hub creates a private repo")
    parser.add_argument("--log-every", type=int, default=10, help="log the training losses every N steps")
    parser.add_argument("--data-dir", help="folder with the Fashion-MNIST idx.gz files")
    parser.add_argument("--device", choices=["cpu", "cuda"], help="default: cuda when available")
    parser.add_argument("--mixed-precision", choices=["no", "bf16", "fp16"], default="no")
    parser.add_argument("--limit", type=int, help="use only the first N training images (smoke tests, overfitting)")
    parser.add_argument("--augment", action="store_true", help="mirror and shift each training image at random")
    parser.add_argument("--sample-every", type=int, default=1, help="write samples/epoch_NNN.png every N epochs")
    parser.add_argument("--test-limit", type=int, help="evaluate on the first N test images only (smoke tests)")
    parser.add_argument("--max-steps", type=int, help="stop after this many steps in total")
    parser.add_argument("--max-minutes", type=float, help="stop (after saving) once this much time has passed")
    parser.add_argument("--threads", type=int, help="torch CPU threads")
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="recipe option")
    args = parser.parse_args(argv)
    if (args.model is None) != args.all:
        parser.error("name one MODEL, or --all")
    if args.all and args.out:
        parser.error("--out is one model's folder; --all writes each to weights/MODEL")
    return args


def parse_value(text: str):
    """--option values: JSON when it parses (numbers, true/false), else the plain string."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def resolve_options(args) -> dict:
    recipe_cls, defaults = registry.RECIPES[args.model]
    options = dict(defaults.options)
    for item in args.option:
        key, sep, value = item.partition("=")
        if not sep or key not in options:
            raise SystemExit(f"--option {item!r}: expected KEY=VALUE with KEY one of {sorted(options)}")
        options[key] = parse_value(value)
    options["epochs"] = args.epochs or defaults.epochs
    options["batch_size"] = args.batch_size or defaults.batch_size
    options["lr"] = args.lr or defaults.lr
    options["weight_decay"] = recipe_cls.weight_decay if args.weight_decay is None else args.weight_decay
    return options
