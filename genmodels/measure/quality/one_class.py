"""The one-class protocol: per class, an AE of the shipped AE's architecture trained on that class of the train set
only; its reconstruction MSE on the test set separates that class (normal) from the other nine. The shipped AE,
trained on every class, is scored the same way for contrast."""

from __future__ import annotations

import json

import numpy as np
import torch
from accelerate import Accelerator

from ... import registry
from ...data import CLASS_NAMES
from ...metrics import auroc
from ...scores import reconstruction_error
from ...training.recipes import AutoEncoderRecipe
from .run import EvaluationRun, batched, subset


def train_one_class_ae(config: dict, x: torch.Tensor, epochs: int, seed: int, accelerator, batch_size: int = 128):
    """A fresh AE trained on x by the ae recipe itself (`python -m genmodels.train ae`'s loss, optimiser and
    learning rate), with seeded weights and batch order -> the trained AutoEncoder, in eval mode."""
    defaults = registry.get("ae").defaults
    options = {**defaults.options, **config, "lr": defaults.lr}
    with torch.random.fork_rng(devices=[]):  # seeded weights without touching the caller's RNG
        torch.manual_seed(seed)
        recipe = AutoEncoderRecipe("ae", options)
    recipe.prepare(accelerator)
    generator = torch.Generator().manual_seed(seed)
    recipe.train()
    with torch.enable_grad():
        for _ in range(epochs):
            for index in torch.randperm(len(x), generator=generator).split(batch_size):
                recipe.training_step(x[index].to(accelerator.device), None)  # an AE ignores the labels
    return recipe.unwrap("model").eval()


def one_class(run: EvaluationRun) -> dict:
    if "ae" not in run.models:
        return {"skipped": "ae not selected"}
    s = run.s
    config_path = run.zoo.weights_dir / "ae" / "config.json"
    config = json.loads(config_path.read_text()) if config_path.is_file() else {}
    train_x, train_y = run.train
    test_x, test_y = subset(run.test_x, s.one_class_test, run.seed + 6, run.test_y)
    shipped = None
    if "ae" in run.zoo.available:
        shipped = batched(lambda c: reconstruction_error(run.zoo.model("ae"), c), test_x, run.device).numpy()
    accelerator = Accelerator(cpu=run.device.type == "cpu")
    per_class = {}
    for c, name in enumerate(run.bar(CLASS_NAMES, "one-class AE")):
        x = train_x[train_y == c][: s.one_class_train_per_class]
        model = train_one_class_ae(config, x, s.one_class_epochs, run.seed + c, accelerator)
        scores = batched(lambda chunk, model=model: reconstruction_error(model, chunk), test_x, run.device).numpy()
        normal = (test_y == c).numpy()
        entry = {"auroc": auroc(scores[normal], scores[~normal])}
        if shipped is not None:
            entry["shipped_ae_auroc"] = auroc(shipped[normal], shipped[~normal])
        per_class[name] = entry
    result = {
        "architecture": config or "AutoEncoder defaults (no weights/ae/config.json)",
        "epochs": s.one_class_epochs,
        "train_images_per_class": min(s.one_class_train_per_class, int((train_y == 0).sum())),
        "n_test": len(test_x),
        "per_class": per_class,
        "mean_auroc": float(np.mean([e["auroc"] for e in per_class.values()])),
    }
    if shipped is not None:
        result["mean_shipped_ae_auroc"] = float(np.mean([e["shipped_ae_auroc"] for e in per_class.values()]))
    return result
