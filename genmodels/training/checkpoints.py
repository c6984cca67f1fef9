"""Training checkpoints: rotated, never overwritten in place, resumable mid-epoch; and the run's trackers.

Accelerate names each save OUT/checkpoints/checkpoint_<n> (ProjectConfiguration's automatic naming) and deletes the
oldest beyond `keep` before it writes the next, so a crash during a save leaves the previous checkpoint whole. A
save is complete once its trainer_state.json (epoch, step, wall time) is written, last; `--resume` loads the
newest complete one and skips the batches its epoch had already trained on.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from accelerate.utils import ProjectConfiguration

CHECKPOINTS = "checkpoints"  # OUT/checkpoints/checkpoint_<n>/ (not committed)
LOGS = "logs"  # OUT/logs/<model>/: the trackers' files (`tensorboard --logdir OUT/logs`)
TRAINER_STATE = "trainer_state.json"


def project_configuration(out: Path, keep: int) -> ProjectConfiguration:
    return ProjectConfiguration(
        project_dir=str(out), logging_dir=str(out / LOGS), automatic_checkpoint_naming=True, total_limit=keep
    )


def numbered(out: Path) -> list[tuple[int, Path]]:
    """OUT's checkpoint folders, oldest first."""
    folders = (out / CHECKPOINTS).glob("checkpoint_*")
    found = [(int(m.group(1)), p) for p in folders if (m := re.fullmatch(r"checkpoint_(\d+)", p.name)) and p.is_dir()]
    return sorted(found)


def latest(out: Path) -> Path | None:
    """The newest complete checkpoint; an incomplete one (a crash during its save) is removed on the way."""
    for _, folder in reversed(numbered(out)):
        if (folder / TRAINER_STATE).is_file():
            return folder
        shutil.rmtree(folder)
    return None


def resume(accelerator, out: Path) -> dict | None:
    """Load the newest complete checkpoint into the prepared objects -> its trainer state (None: there is none).
    Later saves continue its numbering (Accelerate would otherwise start again at 0 and refuse the folder)."""
    folder = latest(out)
    if folder is None:
        return None
    accelerator.load_state(str(folder))
    accelerator.project_configuration.iteration = numbered(out)[-1][0] + 1
    return json.loads((folder / TRAINER_STATE).read_text())


def save(accelerator, state: dict) -> Path:
    """A new checkpoint of everything prepared or registered, then its trainer state (which marks it complete)."""
    folder = Path(accelerator.save_state())
    if accelerator.is_main_process:
        (folder / TRAINER_STATE).write_text(json.dumps(state))
    return folder


def batches_done(state: dict, steps_per_epoch: int) -> int:
    """How many batches of the unfinished epoch a checkpoint had trained on (0 at an epoch's end)."""
    return max(0, state["step"] - state["epoch"] * steps_per_epoch) % steps_per_epoch


def scalars(record: dict) -> dict:
    """What a tracker can plot: the numbers of a log record (lists and strings stay in metrics.jsonl)."""
    return {k: v for k, v in record.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
