"""Train any genmodels model on Fashion-MNIST and write exactly the folder the app loads.

    python -m genmodels.train MODEL|--all [--epochs N] [--batch-size B] [--lr LR] [--weight-decay WD] [--seed S]
                                   [--out DIR] [--resume] [--data-dir DIR] [--device cpu|cuda]
                                   [--mixed-precision bf16] [--limit N] [--augment] [--sample-every N]
                                   [--option key=value ...]

MODEL: any model of genmodels.registry that has a recipe (`--help` lists them). Train the classifier first: the
VAE/GAN/diffusion evaluations use it to judge their samples. --all trains every one of them in the registry's
order, which starts with the classifier (the other flags apply to each).

Each epoch appends a JSON line to OUT/metrics.jsonl (the running mean of each training loss over the epoch's
last batches, then the recipe's evaluation on test images) and writes OUT/samples/epoch_NNN.png; the run
ends by saving the model (config.json + model.safetensors, or a diffusers pipeline folder) and a
model card OUT/README.md. Checkpoints rotate in OUT/checkpoints/ (checkpoints.py); --resume continues from the
newest (model, optimiser, EMA, RNG, mid-epoch), or, when only the shipped weights are there, warm-starts from
them. --report-to tensorboard logs the losses, test metrics and sample grids to OUT/logs
(`tensorboard --logdir OUT/logs`). Several GPUs: `accelerate launch -m genmodels.train MODEL ...`.
"""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import torch
from accelerate import Accelerator
from accelerate.utils import DataLoaderConfiguration, set_seed
from torch.utils.data import DataLoader
from tqdm.auto import tqdm

from .. import data, registry
from ..hardware import cpu_name
from ..hub.cards import load_metrics, repo_name, write_cards
from ..hub.publish import push_model
from ..models.base import HUB_OWNER
from ..tables import replace_marked_block
from . import checkpoints
from .arguments import parse_args, resolve_options

CLASSIFIER_DIR = Path("weights/classifier")
EVAL_IMAGES = 2000  # test images used by the per-epoch evaluation; the model card uses all 10,000


def load_judge(device):
    """The shipped classifier, if trained already: it measures class coverage of generated samples."""
    from ..metrics import ClassifierJudge
    from ..models import FashionClassifier

    if not (CLASSIFIER_DIR / "model.safetensors").is_file():
        return None
    return ClassifierJudge(FashionClassifier.from_pretrained(CLASSIFIER_DIR).to(device))


# The part of a model card that training writes; whatever a person adds outside these markers (how a run was
# chosen, evaluation tables) survives the next training run.
CARD_MARKERS = ("<!-- train:start -->", "<!-- train:end -->")


def training_summary(
    model: str,
    options: dict,
    state: dict,
    metrics: dict,
    device: str,
    n_test: int,
    n_train: int = 60_000,
    augment: bool = False,
    last_losses: dict | None = None,
) -> str:
    """Markdown: the command, the run's settings, its last training losses and its test metrics."""
    metric_rows = "\n".join(f"| {k} | {v} |" for k, v in metrics.items() if not isinstance(v, list))
    loss_rows = "\n".join(f"| {k} | {v:.6g} |" for k, v in (last_losses or {}).items())
    lists = "\n".join(f"- {k}: {v}" for k, v in metrics.items() if isinstance(v, list))
    # a run resumed across sessions lists every command that trained it, in order
    commands = "\n".join(state.get("commands") or [state["command"]])
    updates = ""
    if "n_critic" in options:  # a GAN: what compares across variants is the generator's updates
        updates = f"| generator updates | {state['step'] // int(options['n_critic'])} |\n"
    augmented = ", each randomly mirrored and shifted by up to 2 pixels (--augment)," if augment else ""
    return f"""Trained on {"the " if n_train == 60_000 else ""}{n_train:,} Fashion-MNIST training images{augmented} by

```
{commands}
```

| | |
|---|---|
| epochs | {state["epoch"]} |
| optimiser steps | {state["step"]} |
{updates}| batch size | {options["batch_size"]} |
| learning rate | {options["lr"]} |
| weight decay | {options["weight_decay"]} |
| wall time | {state["wall_seconds"] / 60:.1f} min |
| device | {device} |
| seed | {state["seed"]} |

Options: `{json.dumps({k: v for k, v in options.items() if k not in ("epochs", "batch_size", "lr", "weight_decay")})}`

## Training losses (running mean over the last epoch's batches)

| loss | value |
|---|---|
{loss_rows}

## Test metrics ({n_test:,} Fashion-MNIST test images)

| metric | value |
|---|---|
{metric_rows}
{lists}

## Samples (last epoch)

![samples](samples/last.png)

Per-epoch metrics: `metrics.jsonl`; per-epoch grids: `samples/`."""


def write_model_card(out: Path, model: str, summary: str) -> None:
    """Replace the training summary in OUT/README.md between CARD_MARKERS (or write a new card), then the metadata
    of OUT's cards (genmodels.hub.cards; results from the metrics.json beside OUT, where there is one)."""
    if not replace_marked_block(out / "README.md", summary, CARD_MARKERS):
        start, end = CARD_MARKERS
        (out / "README.md").write_text(f"# genmodels `{model}`\n\n{start}\n{summary}\n{end}\n")
    write_cards(out, registry.get(model), load_metrics(out.parent))


def train_all(argv: list[str]) -> None:
    """--all: one run per trainable model, in the registry's order (the classifier first: it judges the rest)."""
    flags = [arg for arg in argv if arg != "--all"]
    for spec in registry.trainable():
        main([spec.name, *flags])


def main(argv=None):
    args = parse_args(argv)
    if args.all:
        return train_all(sys.argv[1:] if argv is None else list(argv))
    if args.threads:
        torch.set_num_threads(args.threads)
    recipe_cls, _ = registry.RECIPES[args.model]
    options = resolve_options(args)
    out = args.out or Path("weights") / args.model
    accelerator = Accelerator(
        cpu=args.device == "cpu",
        mixed_precision=args.mixed_precision,
        project_config=checkpoints.project_configuration(out, args.keep_checkpoints),
        log_with=None if args.report_to == "none" else args.report_to,
        # a permutation per epoch from (seed, epoch): a resumed epoch skips exactly the batches it had trained on
        dataloader_config=DataLoaderConfiguration(use_seedable_sampler=True),
    )
    set_seed(args.seed)
    threads = torch.get_num_threads()
    device_name = (
        torch.cuda.get_device_name()
        if accelerator.device.type == "cuda"
        else f"CPU ({threads} thread{'s' if threads > 1 else ''}, {cpu_name()})"
    )
    accelerator.print(
        f"training {args.model} on {device_name} x{accelerator.num_processes}, options {json.dumps(options)}"
    )

    train_set = data.load("train", args.data_dir, limit=args.limit)
    test_images, test_labels = data.load("test", args.data_dir, limit=args.test_limit).tensors
    loader = DataLoader(
        train_set,
        batch_size=options["batch_size"],
        shuffle=True,
        drop_last=True,
        generator=torch.Generator().manual_seed(args.seed),
    )
    options["steps_per_epoch"] = max(1, len(loader) // accelerator.num_processes)
    recipe = recipe_cls(args.model, options)
    recipe.prepare(accelerator)
    loader = accelerator.prepare(loader)
    judge = None

    # resume: the newest checkpoint if there is one, else warm-start from the shipped weights
    state = {"epoch": 0, "step": 0, "wall_seconds": 0.0, "seed": args.seed}
    resumed = checkpoints.resume(accelerator, out) if args.resume else None
    if resumed:
        state = resumed
        accelerator.print(f"resumed from {checkpoints.latest(out)} at epoch {state['epoch']}, step {state['step']}")
    elif args.resume and recipe.has_shipped_weights(out):
        state.update(json.loads((out / "trainer_state.json").read_text()))
        recipe.warm_start(out, state["step"])
        accelerator.print(f"warm-started from the shipped weights in {out} (epoch {state['epoch']})")
    recipe.step = state["step"]
    state["command"] = "python -m genmodels.train " + shlex.join(sys.argv[1:] if argv is None else argv)
    state["commands"] = [*state.get("commands", []), state["command"]]

    started = time.time() - state["wall_seconds"]
    eval_x, eval_y = test_images[:EVAL_IMAGES].to(accelerator.device), test_labels[:EVAL_IMAGES].to(accelerator.device)
    (out / "samples").mkdir(parents=True, exist_ok=True)
    accelerator.init_trackers(args.model, config=checkpoints.scalars(options))
    skip = checkpoints.batches_done(state, options["steps_per_epoch"])
    stop = False
    running = {}  # the card's training losses: none when a resume only exports
    while state["epoch"] < options["epochs"] and not stop:
        recipe.train()
        loader.set_epoch(state["epoch"])
        bar = tqdm(
            accelerator.skip_first_batches(loader, skip) if skip else loader,
            desc=f"{args.model} epoch {state['epoch'] + 1}/{options['epochs']}",
            initial=skip,
            total=options["steps_per_epoch"],
            disable=not accelerator.is_main_process,
        )
        skip = 0
        running = {}
        for x, labels in bar:
            logs = recipe.training_step(data.augment(x) if args.augment else x, labels)
            recipe.step += 1
            # exponential running mean of every logged loss, shown on the bar
            # (a loss logged only on some steps, like a GAN's generator loss every n_critic steps, averages those)
            running.update({k: v if k not in running else 0.95 * running[k] + 0.05 * v for k, v in logs.items()})
            bar.set_postfix({k: f"{v:.4g}" for k, v in running.items()})
            if recipe.step % args.log_every == 0:
                accelerator.log(checkpoints.scalars(running), step=recipe.step)
            if args.checkpoint_every and recipe.step % args.checkpoint_every == 0:
                state.update(step=recipe.step, wall_seconds=time.time() - started)
                checkpoints.save(accelerator, state)
            minutes = (time.time() - started) / 60
            if (args.max_steps and recipe.step >= args.max_steps) or (args.max_minutes and minutes >= args.max_minutes):
                stop = True
                break
        state["epoch"] += 0 if stop and recipe.step % options["steps_per_epoch"] else 1
        state["step"] = recipe.step
        state["wall_seconds"] = time.time() - started

        recipe.train(False)
        if judge is None and args.model != "classifier":
            judge = load_judge(accelerator.device)  # picked up as soon as a classifier has been trained
        if accelerator.is_main_process:
            metrics = recipe.evaluate(eval_x, eval_y, judge)
            record = {"epoch": state["epoch"], "step": state["step"], "minutes": round(state["wall_seconds"] / 60, 2)}
            record.update({k: v for k, v in running.items()})
            record.update(metrics)
            with open(out / "metrics.jsonl", "a") as f:
                f.write(json.dumps(record) + "\n")
            accelerator.print(json.dumps(record))
            accelerator.log({f"test/{k}": v for k, v in checkpoints.scalars(metrics).items()}, step=state["step"])
            grid = recipe.preview(eval_x, eval_y)
            if args.report_to == "tensorboard":
                tracker = accelerator.get_tracker("tensorboard")
                tracker.log_images({"samples": np.asarray(grid.convert("L"))}, state["step"], dataformats="HW")
            if state["epoch"] % args.sample_every == 0 or state["epoch"] >= options["epochs"] or stop:
                grid.save(out / "samples" / f"epoch_{state['epoch']:03d}.png")
            grid.save(out / "samples" / "last.png")
        checkpoints.save(accelerator, state)

    accelerator.wait_for_everyone()
    recipe.train(False)  # a resume that only exports runs no epoch, so nothing above has left eval mode on
    if accelerator.is_main_process:
        recipe.save(out)
        recipe.save_test_artifacts(out, test_images.to(accelerator.device), test_labels.to(accelerator.device))
        (out / "trainer_state.json").write_text(json.dumps(state, indent=1))
        if judge is None and args.model != "classifier":
            judge = load_judge(accelerator.device)  # also when no epoch ran (a resume that only exports)
        final = recipe.evaluate(test_images.to(accelerator.device), test_labels.to(accelerator.device), judge)
        summary = training_summary(
            args.model, options, state, final, device_name, len(test_images), len(train_set), args.augment, running
        )
        write_model_card(out, args.model, summary)
        accelerator.end_training()
        accelerator.print(f"saved {out} after {state['wall_seconds'] / 60:.1f} min: {json.dumps(final)}")
        if args.push_to_hub:  # as diffusers' training scripts: the finished folder, not the checkpoints or logs
            spec = registry.get(args.model)
            push_model(spec, out, args.hub_model_id or f"{HUB_OWNER}/{repo_name(spec)}", private=args.hub_private)


if __name__ == "__main__":
    main()
