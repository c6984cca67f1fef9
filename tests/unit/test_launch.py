"""How the app is launched: the address it binds, the ZeroGPU durations it asks for, and app.py under `gradio app.py`
(hot reload) and with --mcp."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("env", "address"),
    [
        ({}, "127.0.0.1"),  # a local run is not served to the network unless asked
        ({"SPACE_ID": "me/genmodels"}, "0.0.0.0"),  # a Space's proxy must reach it
        ({"GRADIO_SERVER_NAME": "0.0.0.0"}, "0.0.0.0"),
        ({"GRADIO_SERVER_NAME": "127.0.0.1", "SPACE_ID": "me/genmodels"}, "127.0.0.1"),
    ],
)
def test_bind_address(monkeypatch, env, address):
    from genmodels.ui.app import launch_options

    for name in ("GRADIO_SERVER_NAME", "SPACE_ID"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert launch_options()["server_name"] == address


def test_zerogpu_durations_cover_the_measured_cpu_times_and_grow_with_the_call():
    from genmodels.ui.components.common import GPU_ALLOWANCE, GPU_MAX_SECONDS, diffusion_gpu_seconds

    bench = json.loads((REPO / "weights" / "benchmark.json").read_text())
    runs = [(run["steps"], run["n"], run["seconds"]) for run in bench["diffusion"]["samplers"]]
    runs += [
        (int(row["variant"].split("-")[1].split(",")[0]), row["n"], row["median_ms"] / 1000)
        for row in bench["endpoints"]
        if row["endpoint"] == "/diffusion_sample"
    ]
    assert len(runs) > 5
    for steps, n, seconds in runs:
        assert diffusion_gpu_seconds(steps, n) - GPU_ALLOWANCE >= int(seconds), (steps, n, seconds)
    assert diffusion_gpu_seconds(25, 1) < diffusion_gpu_seconds(50, 8) < diffusion_gpu_seconds(1000, 64)
    assert diffusion_gpu_seconds(1000, 64, runs=2) == GPU_MAX_SECONDS
    # the arguments arrive unchecked: nonsense asks for the most, and the zoo then refuses it in the call
    assert diffusion_gpu_seconds("many", 8) == diffusion_gpu_seconds(float("nan"), 8) == GPU_MAX_SECONDS
    assert diffusion_gpu_seconds(-5, 8) == GPU_ALLOWANCE


def test_a_sizing_function_gets_the_calls_arguments_by_name(monkeypatch):
    from genmodels.ui.components import common

    asked = []
    monkeypatch.setattr(common, "gpu", lambda duration: lambda fn: (asked.append(duration), fn)[1])

    @common.model_fn(gpu_seconds=common.diffusion_gpu_seconds)
    def sample(class_name, steps, n, seed=0):
        return steps * n

    assert sample("Bag", 50, n=8) == 400
    assert asked[0]("Bag", 50, n=8) == common.diffusion_gpu_seconds(50, 8)
