"""weights/diffusion loads with diffusers alone (trust_remote_code runs the linked pipeline.py, genmodels not
importable) and samples the zoo's pixels; genmodels itself never runs a folder's pipeline.py.

Run: HF_HUB_OFFLINE=1 python -m pytest -q tests/unit/test_hub_pipeline.py   (~40 s on a busy 2-core CPU)
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from diffusers import DDPMScheduler

from genmodels.diffusion.pipeline import DDIM_ETA, FashionDiffusionPipeline
from genmodels.hub.pipeline_files import PIPELINE_MODULES, PIPELINE_SOURCE, link_pipeline_code
from genmodels.models.unet import build_unet
from genmodels.zoo import Zoo

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "weights" / "diffusion"
needs_weights = pytest.mark.skipif(not (SHIPPED / "model_index.json").is_file(), reason="weights/diffusion absent")

# what a diffusers-only user runs: genmodels made unimportable, the folder's own code loaded by diffusers
DIFFUSERS_ALONE = """
import sys
sys.modules["genmodels"] = None  # any import of genmodels now fails
import torch
from diffusers import DiffusionPipeline
torch.set_num_threads(1)  # as the test: the same reduction order, the same float sums
pipe = DiffusionPipeline.from_pretrained(sys.argv[1], trust_remote_code=True)
pipe.set_progress_bar_config(disable=True)
out = pipe(class_labels=[7] * 2, guidance_scale=3.0, num_inference_steps=2, seed=0, output_type="pt")
torch.save({"images": out.images, "class": type(pipe).__module__ + "." + type(pipe).__name__}, sys.argv[2])
"""


def test_the_pipeline_modules_import_only_torch_diffusers_numpy_and_each_other():
    allowed = {"__future__", "contextlib", "dataclasses", "functools", "math", "numpy", "torch", "diffusers"}
    for module in PIPELINE_MODULES:
        tree = ast.parse((PIPELINE_SOURCE / f"{module}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert {alias.name.split(".")[0] for alias in node.names} <= allowed, (module, ast.dump(node))
            elif isinstance(node, ast.ImportFrom) and node.level:
                assert node.level == 1 and node.module in PIPELINE_MODULES, (module, node.module)
            elif isinstance(node, ast.ImportFrom):
                assert node.module.split(".")[0] in allowed, (module, node.module)


@needs_weights
def test_the_shipped_folder_names_the_linked_pipeline():
    assert json.loads((SHIPPED / "model_index.json").read_text())["_class_name"] == [
        "pipeline",
        "FashionDiffusionPipeline",
    ]
    for module in PIPELINE_MODULES:
        link = SHIPPED / f"{module}.py"
        assert link.is_symlink() and link.resolve() == (PIPELINE_SOURCE / f"{module}.py").resolve()


@needs_weights
def test_diffusers_alone_samples_the_zoos_pixels(tmp_path):
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1", "PYTHONPATH": ""}
    out = tmp_path / "out.pt"
    run = subprocess.run(
        [sys.executable, "-I", "-c", DIFFUSERS_ALONE, str(SHIPPED), str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    alone = torch.load(out)
    assert alone["class"].startswith("diffusers_modules.") and alone["class"].endswith(".FashionDiffusionPipeline")

    weights = tmp_path / "weights"
    weights.mkdir()
    (weights / "diffusion").symlink_to(SHIPPED)  # the zoo with the diffusion model only
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        zoo = Zoo(weights, device="cpu")
        ours = zoo.diffusion_sample("Sneaker", 3.0, "DDIM", 2, DDIM_ETA, 2, 0)["images"]
    finally:
        torch.set_num_threads(threads)
    assert type(zoo.pipe) is FashionDiffusionPipeline
    assert torch.equal(alone["images"], ours)


def test_genmodels_never_runs_a_folders_pipeline_py(tmp_path):
    torch.manual_seed(0)
    tiny = build_unet(block_out_channels=(8, 16, 16), norm_num_groups=4, attention_head_dim=8)
    FashionDiffusionPipeline(unet=tiny, scheduler=DDPMScheduler()).save_pretrained(tmp_path)
    link_pipeline_code(tmp_path)
    assert json.loads((tmp_path / "model_index.json").read_text())["_class_name"] == [
        "pipeline",
        "FashionDiffusionPipeline",
    ]
    (tmp_path / "pipeline.py").unlink()
    marker = tmp_path / "ran"
    (tmp_path / "pipeline.py").write_text(f"open({str(marker)!r}, 'w').close()\nraise SystemExit('ran')\n")
    loaded = FashionDiffusionPipeline.from_pretrained(tmp_path)
    assert type(loaded) is FashionDiffusionPipeline and not marker.exists()
    assert all(torch.equal(a, b) for a, b in zip(loaded.unet.state_dict().values(), tiny.state_dict().values()))
