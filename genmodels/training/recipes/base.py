"""What every recipe shares: the Defaults of a model, and the Recipe base class the training loop drives.

A recipe never touches files except in `save` (and `save_test_artifacts`); the loop (genmodels.training.loop) owns
data, devices, checkpoints and logs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import torch


@dataclass
class Defaults:
    epochs: int
    batch_size: int = 128
    lr: float = 1e-3
    options: dict = field(default_factory=dict)  # recipe-specific, overridable with --option key=value


class Recipe:
    """Base: subclasses build `self.modules` / `self.optimizers` in __init__ from `options`
    (the model's Defaults merged with the command line)."""

    weight_decay = 0.0  # AdamW's decoupled weight decay unless options say otherwise (--weight-decay)
    preview_seed = 1234  # fixed so that preview grids of successive epochs compare
    # module name -> the subfolder of OUT that `save` writes it to (and `warm_start` reads it from)
    weight_folders = {"model": "."}

    def __init__(self, model_name: str, options: dict):
        self.model_name = model_name
        self.options = options
        self.modules: dict[str, torch.nn.Module] = {}
        self.optimizers: dict[str, torch.optim.Optimizer] = {}
        self.step = 0

    def prepare(self, accelerator):
        """Hand every module and optimiser to Accelerate (device placement, DDP, mixed precision)."""
        self.accelerator = accelerator
        names = list(self.modules)
        prepared = accelerator.prepare(*self.modules.values(), *self.optimizers.values())
        prepared = prepared if isinstance(prepared, tuple) else (prepared,)
        self.modules = dict(zip(names, prepared[: len(names)]))
        self.optimizers = dict(zip(self.optimizers, prepared[len(names) :]))

    def unwrap(self, name: str) -> torch.nn.Module:
        return self.accelerator.unwrap_model(self.modules[name])

    def adam(self, parameters, **kwargs) -> torch.optim.AdamW:
        """Every recipe's optimiser: AdamW at the run's lr and weight decay (at weight decay 0 it is Adam)."""
        weight_decay = self.options.get("weight_decay", self.weight_decay)
        return torch.optim.AdamW(parameters, lr=self.options["lr"], weight_decay=weight_decay, **kwargs)

    def cosine_factor(self) -> float:
        """The cosine decay's share of the base learning rate at this step: 1 at the first, 0 at the last step
        of --epochs; it follows the global step, so a resumed run picks the curve up where it left it."""
        total = self.options["steps_per_epoch"] * self.options["epochs"]
        return 0.5 * (1 + math.cos(math.pi * min(1.0, self.step / total)))

    def set_learning_rate(self, name: str, lr: float):
        for group in self.optimizers[name].param_groups:
            group["lr"] = lr

    def optimize(self, name: str, loss: torch.Tensor, clip: float | None = None):
        optimizer = self.optimizers[name]
        optimizer.zero_grad(set_to_none=True)
        self.accelerator.backward(loss)
        if clip:
            self.accelerator.clip_grad_norm_(self.modules[name].parameters(), clip)
        optimizer.step()

    def train(self, mode: bool = True):
        for module in self.modules.values():
            module.train(mode)

    def has_shipped_weights(self, folder) -> bool:
        return all((Path(folder) / sub / "config.json").is_file() for sub in self.weight_folders.values())

    def warm_start(self, folder, step: int):
        """Continue from shipped weights (no optimiser state), for `--resume` when no checkpoint is there:
        a new machine keeps only what is committed, and that is the weights, not the optimiser."""
        for name, sub in self.weight_folders.items():
            module = self.unwrap(name)
            module.load_state_dict(type(module).from_pretrained(Path(folder) / sub).state_dict())

    def generator(self, seed: int | None = None) -> torch.Generator:
        return torch.Generator(self.accelerator.device).manual_seed(self.preview_seed if seed is None else seed)

    # the hooks each family implements
    def training_step(self, x: torch.Tensor, labels: torch.Tensor) -> dict[str, float]:
        raise NotImplementedError

    def evaluate(self, x: torch.Tensor, labels: torch.Tensor, judge=None) -> dict[str, float]:
        raise NotImplementedError

    def preview(self, x: torch.Tensor, labels: torch.Tensor):
        raise NotImplementedError

    def save(self, out_dir):
        raise NotImplementedError

    def save_test_artifacts(self, out_dir, x: torch.Tensor, labels: torch.Tensor):
        """Files beside the weights that the app reads and that are computed from test images (none by default):
        shipping them means the app never needs the dataset at run time."""
