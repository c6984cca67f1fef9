"""scripts/deploy_space.py, offline against a fake HfApi: the calls it makes, and that it uploads exactly the app."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
from huggingface_hub import metadata_load
from huggingface_hub.utils import filter_repo_objects

from genmodels import registry
from genmodels.hub.cards import repo_name
from genmodels.models.base import HUB_OWNER

REPO = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location("deploy_space", REPO / "scripts" / "deploy_space.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeHfApi:
    """Records every call; huggingface_hub is never reached."""

    calls: list = []

    def __getattr__(self, name):
        return lambda *args, **kwargs: FakeHfApi.calls.append((name, args, kwargs))


@pytest.fixture
def deploy(monkeypatch):
    module = load_script()
    FakeHfApi.calls = []
    monkeypatch.setattr(module, "HfApi", FakeHfApi)
    return module


def upload(calls) -> dict:
    (kwargs,) = [kwargs for name, _, kwargs in calls if name == "upload_folder"]
    return kwargs


def uploaded_paths(calls) -> list[str]:
    """What huggingface_hub's own filter keeps of the folder's files, given the script's allow_patterns."""
    kwargs = upload(calls)
    root = Path(kwargs["folder_path"])
    files = [
        path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file() and ".git" not in path.parts
    ]
    return sorted(filter_repo_objects(files, allow_patterns=kwargs["allow_patterns"]))


def test_deploy_creates_the_space_and_uploads_the_repo_without_requesting_hardware(deploy, capsys):
    deploy.main(["me/genmodels"])
    assert [name for name, _, _ in FakeHfApi.calls] == ["create_repo", "upload_folder"]
    _, args, kwargs = FakeHfApi.calls[0]
    assert args == ("me/genmodels",) and kwargs["repo_type"] == "space" and kwargs["space_sdk"] == "gradio"
    assert upload(FakeHfApi.calls)["repo_type"] == "space"
    assert "https://huggingface.co/spaces/me/genmodels" in capsys.readouterr().out


def test_the_space_matches_the_repository_files_deleted_here_go_there(deploy):
    deploy.main(["me/genmodels"])
    assert upload(FakeHfApi.calls)["delete_patterns"] == "*"  # upload_folder keeps what it uploads


def test_hardware_only_when_asked(deploy):
    deploy.main(["me/genmodels", "--hardware", "zero-a10g"])
    assert FakeHfApi.calls[-1] == ("request_space_hardware", ("me/genmodels",), {"hardware": "zero-a10g"})


def test_upload_is_git_ls_files_plus_the_weights_and_never_a_checkpoint(deploy, tmp_path, monkeypatch):
    """In a scratch repository: an ignored runs/ folder, a .gradio cache and a checkpoint with optimiser
    state lie beside the tracked files; only the tracked files and the weights go up."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q", str(tmp_path)], check=True)
    files = {
        ".gitignore": "runs/\n.gradio/\nweights/*/checkpoint/\n",
        "app.py": "demo = None\n",
        "README.md": "---\nsdk: gradio\n---\n",
        "weird [name].txt": "a file whose name is a glob pattern",
        "weights/vae/model.safetensors": "w",
        "weights/vae/checkpoint/optimizer.bin": "adam state",
        "weights/sn_gan/generator/model.safetensors": "trained here, not committed yet",
        "runs/ship/diffusion/checkpoint/model.safetensors": "big",
        ".gradio/cached_examples/1/image.webp": "cache",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tmp_path, check=True)
    monkeypatch.setattr(deploy, "ROOT", tmp_path)
    deploy.main(["me/genmodels"])
    assert uploaded_paths(FakeHfApi.calls) == [
        ".gitignore",
        "README.md",
        "app.py",
        "weights/sn_gan/generator/model.safetensors",
        "weights/vae/model.safetensors",
        "weird [name].txt",
    ]


def test_the_real_upload_list_is_the_app(deploy):
    paths = deploy.files_to_upload(REPO)
    assert {"app.py", "README.md", "requirements.txt", "weights/diffusion/model_index.json"} <= set(paths)
    assert not [p for p in paths if "/checkpoint/" in p or p.startswith(("runs/", ".gradio/", "test-artifacts/"))]


def test_space_card_matches_the_pinned_gradio():
    front = (REPO / "README.md").read_text().split("---")[1]
    assert "app_file: app.py" in front and "sdk: gradio" in front
    version = next(line.split(":")[1].strip() for line in front.splitlines() if line.startswith("sdk_version"))
    assert f"gradio=={version}" in (REPO / "requirements.txt").read_text()


def test_space_card_names_its_dataset_and_models_and_suggests_no_paid_hardware():
    card = metadata_load(REPO / "README.md")
    assert card["datasets"] == ["zalando-datasets/fashion_mnist"]
    # the official weights' repos (`genmodels publish genmodels`): every shipped model's, no other
    shipped = [spec for spec in registry.specs() if (REPO / "weights" / spec.folder).is_dir()]
    assert card["models"] == [f"{HUB_OWNER}/{repo_name(spec)}" for spec in shipped]
    assert card.get("suggested_hardware", "cpu-basic") == "cpu-basic"


def test_the_deploy_guide_quotes_the_benchmark():
    """docs/deploy.md's figures for CPU basic are the measured ones of weights/benchmark.json, as rounded there."""
    bench = json.loads((REPO / "weights" / "benchmark.json").read_text())
    guide = (REPO / "docs" / "deploy.md").read_text()
    samplers = {(run["sampler"], run["steps"], run["n"]): run["seconds"] for run in bench["diffusion"]["samplers"]}
    figures = [
        f"{bench['environment']['cpu_cores']} cores",
        f"{bench['app']['startup']['first_answer_seconds']:.1f} s",
        f"{samplers['DDIM', 25, 16]:.1f} s",
        f"{samplers['DDIM', 50, 16]:.1f} s",
        f"{samplers['DDPM', 1000, 16]:.0f} s",
        f"{bench['app_startup']['peak_rss_mb']:.0f} MiB",
    ]
    assert not [figure for figure in figures if figure not in guide]
