"""scripts/deploy_space.py, offline: the calls it makes to huggingface_hub, and that what it uploads is the app."""

from __future__ import annotations

import fnmatch
import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def load_script():
    spec = importlib.util.spec_from_file_location("deploy_space", REPO / "scripts" / "deploy_space.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeHfApi:
    calls: list = []

    def __getattr__(self, name):
        return lambda *args, **kwargs: FakeHfApi.calls.append((name, args, kwargs))


def test_deploy_creates_the_space_and_uploads_the_repo_without_checkpoints(monkeypatch, capsys):
    deploy = load_script()
    FakeHfApi.calls = []
    monkeypatch.setattr(deploy, "HfApi", FakeHfApi)
    deploy.main(["me/genmodels", "--hardware", "t4-small"])

    names = [name for name, _, _ in FakeHfApi.calls]
    assert names == ["create_repo", "upload_folder", "request_space_hardware"]
    _, args, kwargs = FakeHfApi.calls[0]
    assert args == ("me/genmodels",) and kwargs["repo_type"] == "space" and kwargs["space_sdk"] == "gradio"
    upload = FakeHfApi.calls[1][2]
    assert upload["repo_id"] == "me/genmodels" and upload["repo_type"] == "space" and upload["folder_path"] == REPO
    assert FakeHfApi.calls[2][2] == {"hardware": "t4-small"}
    assert "https://huggingface.co/spaces/me/genmodels" in capsys.readouterr().out

    # what would be uploaded: the app and its weights, not training checkpoints or caches
    def uploaded(path: str) -> bool:
        return not any(fnmatch.fnmatch(path, pattern) for pattern in upload["ignore_patterns"])

    assert all(uploaded(p) for p in ("app.py", "README.md", "requirements.txt", "weights/diffusion/model_index.json"))
    assert not uploaded("weights/diffusion/checkpoint/model.safetensors")
    assert not uploaded("test-artifacts/1-autoencoder.png")
    # the Space card: README front matter names the app file and the SDK version pinned in requirements.txt
    front = (REPO / "README.md").read_text().split("---")[1]
    assert "app_file: app.py" in front and "sdk: gradio" in front
    version = next(line.split(":")[1].strip() for line in front.splitlines() if line.startswith("sdk_version"))
    assert f"gradio=={version}" in (REPO / "requirements.txt").read_text()
