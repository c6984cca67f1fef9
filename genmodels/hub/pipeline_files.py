"""Make a diffusers pipeline folder loadable with diffusers alone: model_index.json names pipeline.py (diffusers'
custom-pipeline convention) and the folder links the pipeline's modules, so the code exists once, in the package.

    link_pipeline_code("weights/diffusion")   # what the diffusion recipe runs after saving
"""

from __future__ import annotations

import json
import os
from pathlib import Path

PIPELINE_SOURCE = Path(__file__).resolve().parents[1] / "diffusion"
# pipeline.py and the siblings it imports (relative imports, which diffusers fetches beside it); torch + diffusers only
PIPELINE_MODULES = ("pipeline", "arguments", "limits", "precision", "samplers", "schedule")
PIPELINE_CLASS = "FashionDiffusionPipeline"


def link_pipeline_code(folder) -> None:
    """Point `folder`'s model_index.json at pipeline.py and link the modules of genmodels.diffusion into it
    (relative symlinks, which git keeps and upload_folder follows)."""
    folder = Path(folder)
    index = folder / "model_index.json"
    config = json.loads(index.read_text())
    config["_class_name"] = [PIPELINE_MODULES[0], PIPELINE_CLASS]
    index.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    for module in PIPELINE_MODULES:
        link = folder / f"{module}.py"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(os.path.relpath(PIPELINE_SOURCE / f"{module}.py", folder.resolve()))
