"""scripts/deploy_space.py, offline against a fake HfApi: the calls it makes, and that it uploads exactly the app."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

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


def uploaded_paths(calls) -> list[str]:
    (commit,) = [kwargs for name, _, kwargs in calls if name == "create_commit"]
    return [op.path_in_repo for op in commit["operations"]]


def test_deploy_creates_the_space_uploads_the_repo_and_requests_the_readmes_hardware(deploy, capsys):
    deploy.main(["me/genmodels"])
    names = [name for name, _, _ in FakeHfApi.calls]
    assert names == ["create_repo", "create_commit", "request_space_hardware"]
    _, args, kwargs = FakeHfApi.calls[0]
    assert args == ("me/genmodels",) and kwargs["repo_type"] == "space" and kwargs["space_sdk"] == "gradio"
    front = (REPO / "README.md").read_text().split("---")[1]
    readme_hardware = next(
        line.split(":")[1].strip() for line in front.splitlines() if line.startswith("suggested_hardware")
    )
    assert FakeHfApi.calls[2][2] == {"hardware": readme_hardware}
    assert "https://huggingface.co/spaces/me/genmodels" in capsys.readouterr().out


def test_hardware_flags(deploy):
    deploy.main(["me/genmodels", "--hardware", "zero-a10g"])
    assert FakeHfApi.calls[-1] == ("request_space_hardware", ("me/genmodels",), {"hardware": "zero-a10g"})
    FakeHfApi.calls = []
    deploy.main(["me/genmodels", "--keep-hardware"])
    assert "request_space_hardware" not in [name for name, _, _ in FakeHfApi.calls]


def test_upload_is_git_ls_files_plus_the_weights_and_never_a_checkpoint(deploy, tmp_path, monkeypatch):
    """In a scratch repository: an ignored runs/ folder, a .gradio cache and a checkpoint with optimiser
    state lie beside the tracked files; only the tracked files and the weights go up."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q", str(tmp_path)], check=True)
    files = {
        ".gitignore": "runs/\n.gradio/\nweights/*/checkpoint/\n",
        "app.py": "demo = None\n",
        "README.md": "---\nsdk: gradio\nsuggested_hardware: t4-small\n---\n",
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
    ]
    assert FakeHfApi.calls[-1][2] == {"hardware": "t4-small"}


def test_the_real_upload_list_is_the_app(deploy):
    paths = deploy.files_to_upload(REPO)
    assert {"app.py", "README.md", "requirements.txt", "weights/diffusion/model_index.json"} <= set(paths)
    assert not [p for p in paths if "/checkpoint/" in p or p.startswith(("runs/", ".gradio/", "test-artifacts/"))]


def test_space_card_matches_the_pinned_gradio():
    front = (REPO / "README.md").read_text().split("---")[1]
    assert "app_file: app.py" in front and "sdk: gradio" in front
    version = next(line.split(":")[1].strip() for line in front.splitlines() if line.startswith("sdk_version"))
    assert f"gradio=={version}" in (REPO / "requirements.txt").read_text()
