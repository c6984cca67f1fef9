"""Nothing unsafe: no unpickling or eval of anything, no file served or read outside the app's own folders,
uploads capped, temporary files cleaned.

The code checks read the package's syntax trees (not a text grep, so `model.eval()` is not `eval(...)`).
The HTTP checks run against the launched app (tests/support/app_server.py) on a loopback port and try to read
/etc/passwd and the repository's files through every Gradio 6 route that serves files
(gradio/routes.py: /gradio_api/file=<path>, /gradio_api/file/<path>, /gradio_api/proxy=<url>,
/static/<path>, /assets/<path>), and to make the app itself read a server file by naming it in an
image payload.
"""

from __future__ import annotations

import ast
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import torch

from tests.support.app_server import REPO, shared_app
from tools.loadtest import require_loopback, rest_call, rest_upload

torch.set_num_threads(1)

PACKAGE_FILES = sorted(
    [
        *(REPO / "genmodels").rglob("*.py"),
        REPO / "app.py",
        *(REPO / "scripts").glob("*.py"),
        *(REPO / "tools").rglob("*.py"),  # the load generator, which reads files a test server hands back
        *(REPO / "tests" / "support").glob("*.py"),
    ]
)
PASSWD_MARK = b"root:x:0:0"  # the first line of /etc/passwd on Linux


@pytest.fixture(scope="module")
def app() -> dict:
    if os.environ.get("GENMODELS_TEST_URL"):  # an app already started on this machine
        return {"url": require_loopback(os.environ["GENMODELS_TEST_URL"]), "weights": None}
    return shared_app()


def get(url: str) -> tuple[int, bytes]:
    """GET without following redirects -> (status, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# -- the code ----------------------------------------------------------------------------------------------

UNSAFE_MODULES = {"pickle", "cPickle", "dill", "cloudpickle", "joblib", "marshal", "shelve"}


def unsafe_calls(path: Path, root: Path = REPO) -> list[str]:
    """Every unpickling, eval/exec or unsafe YAML load in one file, as 'file:line: what'."""
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))

    def where(node) -> str:
        return f"{path.relative_to(root)}:{node.lineno}"

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{where(node)}: import {a.name}" for a in node.names if a.name.split(".")[0] in UNSAFE_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in UNSAFE_MODULES:
            found.append(f"{where(node)}: from {node.module} import")
        elif isinstance(node, ast.Call):
            func, keywords = node.func, {k.arg: k.value for k in node.keywords}
            name = ast.unparse(func)
            if isinstance(func, ast.Name) and func.id in ("eval", "exec", "compile", "__import__"):
                found.append(f"{where(node)}: {func.id}(...)")
            elif name == "torch.load":
                weights_only = keywords.get("weights_only")
                if not (isinstance(weights_only, ast.Constant) and weights_only.value is True):
                    found.append(f"{where(node)}: torch.load without weights_only=True")
            elif name.endswith(("np.load", "numpy.load")):
                allow = keywords.get("allow_pickle")
                if allow is not None and not (isinstance(allow, ast.Constant) and allow.value is False):
                    found.append(f"{where(node)}: np.load with allow_pickle")
            elif name in ("yaml.load", "yaml.unsafe_load", "yaml.full_load"):
                found.append(f"{where(node)}: {name} (use yaml.safe_load)")
            elif name.endswith("from_pretrained") and keywords.get("use_safetensors") is not None:
                value = keywords["use_safetensors"]
                if not (isinstance(value, ast.Constant) and value.value is True):
                    found.append(f"{where(node)}: from_pretrained with use_safetensors not True")
    return found


def test_the_scan_finds_what_it_looks_for(tmp_path):
    """The checker itself: it flags each unsafe pattern and passes the safe spellings."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import pickle\nimport torch, numpy as np\nmodel.eval()\neval('1+1')\nexec(code)\n"
        "torch.load(f)\ntorch.load(f, weights_only=True)\nnp.load(f, allow_pickle=True)\nnp.load(f)\n"
    )
    found = unsafe_calls(sample, root=tmp_path)
    assert [line.split(": ", 1)[1] for line in found] == [
        "import pickle",
        "eval(...)",
        "exec(...)",
        "torch.load without weights_only=True",
        "np.load with allow_pickle",
    ]


def test_no_pickle_no_eval_anywhere_in_the_package():
    assert len(PACKAGE_FILES) > 10
    found = [line for path in PACKAGE_FILES for line in unsafe_calls(path)]
    assert found == [], "\n".join(found)


def test_models_load_from_safetensors_only():
    """The zoo asks diffusers for safetensors explicitly; the hub mixin models read model.safetensors."""
    zoo = (REPO / "genmodels" / "zoo" / "loading.py").read_text()
    assert "use_safetensors=True" in zoo
    from huggingface_hub import constants

    assert constants.SAFETENSORS_SINGLE_FILE == "model.safetensors"


# -- the file routes ----------------------------------------------------------------------------------------


def traversal_paths(app: dict) -> list[str]:
    """URL paths that try to read /etc/passwd or the repository's own files."""
    repo_files = [
        REPO / "app.py",
        REPO / "README.md",
        REPO / "genmodels" / "zoo" / "__init__.py",
        REPO / "weights" / "ae" / "config.json",  # (the example pictures are public: served through allowed_paths)
    ]
    if app.get("weights"):
        repo_files.append(Path(app["weights"]) / "ae" / "config.json")
    if app.get("workdir"):
        repo_files.append(Path(app["workdir"]) / "app.log")  # next to the temp folder, not in it
    temp = f"{app['workdir']}/gradio-tmp" if app.get("workdir") else "/tmp/gradio"
    paths = [
        "/gradio_api/file=/etc/passwd",
        "/gradio_api/file=%2Fetc%2Fpasswd",
        "/gradio_api/file=%252Fetc%252Fpasswd",
        "/gradio_api/file=../../../../../../etc/passwd",
        "/gradio_api/file=..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        f"/gradio_api/file={temp}/../../../../../etc/passwd",
        f"/gradio_api/file={temp}/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/gradio_api/file=file:///etc/passwd",
        "/gradio_api/file=/proc/self/environ",
        "/gradio_api/file/etc/passwd",
        "/gradio_api/file/../../../../etc/passwd",
        "/gradio_api/proxy=file:///etc/passwd",
        "/gradio_api/proxy=http://127.0.0.1:1/etc/passwd",
        "/static/../../../../../../etc/passwd",
        "/static/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/assets/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/file=/etc/passwd",
    ]
    for path in repo_files:
        paths += [f"/gradio_api/file={path}", f"/gradio_api/file={os.path.relpath(path, app.get('workdir') or REPO)}"]
    return paths


def test_no_file_outside_the_apps_folders_is_served(app):
    base = app["url"].rstrip("/")
    app_py = (REPO / "app.py").read_bytes()[:200]
    served = []
    for path in traversal_paths(app):
        # urllib would normalise "..": send the path exactly as written
        status, body = get(base + path)
        if status not in (400, 403, 404) or PASSWD_MARK in body or app_py in body or b"safetensors" in body:
            served.append(f"{path}: {status} {body[:80]!r}")
    assert served == [], "\n".join(served)


def test_files_the_app_made_are_served(app):
    """The control for the test above: the routes do serve what the app produced for a visitor."""
    upload = rest_upload(app["url"], REPO / "assets" / "examples" / "fashion" / "7_Sneaker.png")
    status, outputs = rest_call(app["url"], "/forward_noise", [upload, 0])
    assert status == "complete", outputs
    code, body = get(outputs[0]["url"])
    assert code == 200 and body.startswith(b"\x89PNG")


# -- the app must not read server files named in a request -------------------------------------------------


def payloads(path: str) -> list[dict]:
    """Ways to name a server file as an image input: a bare dict (no meta, so Gradio does not check it)
    and a proper file payload (Gradio checks it was uploaded)."""
    return [
        {"path": path},
        {"path": path, "meta": {"_type": "gradio.FileData"}},
        {"path": path, "url": f"/gradio_api/file={path}"},
    ]


@pytest.mark.parametrize("endpoint", ["/reconstruct", "/forward_noise"])
def test_an_image_input_cannot_name_a_server_file(app, endpoint):
    """An image input naming a file that is on the server but was not uploaded is refused, whatever the file
    is and whether it exists: the answer must not reveal that the app opened it."""
    outside_image = str(REPO / "assets" / "examples" / "fashion" / "7_Sneaker.png")
    extra = {"/reconstruct": ["ae"], "/forward_noise": [0]}[endpoint]
    for target in ("/etc/passwd", outside_image, str(REPO / "app.py")):
        for payload in payloads(target):
            status, message = rest_call(app["url"], endpoint, [payload, *extra])
            assert status != "complete", f"{endpoint} processed the server file {payload}"
            missing_status, missing_message = rest_call(
                app["url"], endpoint, [{**payload, "path": "/nonexistent/x.png"}, *extra]
            )
            same = (message or "").replace(target, "<path>").replace(Path(target).name, "<name>")
            other = (missing_message or "").replace("/nonexistent/x.png", "<path>").replace("x.png", "<name>")
            assert (status, same) == (missing_status, other), (
                f"{payload}: {message!r} differs from a missing file's {missing_message!r}"
            )


def test_malformed_image_payloads_fail_without_harm(app):
    """Not a file object at all (a number, a string, a list): refused by Gradio before the app's code, and the
    app keeps answering."""
    for value in (42, "/etc/passwd", ["a"], {"meta": {"_type": "gradio.FileData"}}):
        status, message = rest_call(app["url"], "/reconstruct", [value, "ae"])
        assert status == "error", (value, status, message)
        assert "root:x" not in str(message)
    upload = rest_upload(app["url"], REPO / "assets" / "examples" / "fashion" / "7_Sneaker.png")
    assert rest_call(app["url"], "/reconstruct", [upload, "ae"])[0] == "complete"


# -- uploads and temporary files ------------------------------------------------------------------------------


def test_uploads_above_the_cap_are_refused(app, tmp_path):
    from genmodels.ui.app import MAX_FILE_SIZE, launch_options

    assert launch_options()["max_file_size"] == MAX_FILE_SIZE == "10mb"
    cap = 10 * 1024 * 1024  # gradio parses "10mb" as MiB
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(cap))  # one header over the cap
    with pytest.raises(urllib.error.HTTPError) as refused:
        rest_upload(app["url"], big)
    assert refused.value.code == 413
    assert str(cap) in refused.value.read().decode()
    small = tmp_path / "small.png"
    small.write_bytes(os.urandom(1000))
    assert rest_upload(app["url"], small)["path"]  # just under: accepted (then refused as "not an image")


def test_the_cap_cannot_be_bypassed_with_an_inline_image(app):
    """An image sent inside the request as a base64 data URL never passes the upload route and its cap: the
    app must not decode it (12 MiB of PNG here, over the 10 MiB cap)."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    noise = np.random.default_rng(0).integers(0, 256, (2000, 2000, 3), dtype=np.uint8)  # 4 MP, incompressible
    encoded = io.BytesIO()
    Image.fromarray(noise).save(encoded, "PNG", compress_level=0)
    assert encoded.tell() > 10 * 1024 * 1024
    data_url = "data:image/png;base64," + base64.b64encode(encoded.getvalue()).decode()
    for payload in ({"path": "", "url": data_url}, {"url": data_url}):
        status, answer = rest_call(app["url"], "/forward_noise", [payload, 0], timeout=120)
        assert status != "complete", f"an inline image over the cap was processed ({list(payload)}): {answer}"


def test_temporary_files_are_deleted(tmp_path, monkeypatch):
    """A visitor's upload is kept while younger than DELETE_CACHE's age, is gone after the next scheduled sweep
    once older, and whatever is left goes when the server stops. build_demo's own server runs in this process
    (uploads into tmp_path); Gradio's clock is moved forward and its hourly wait shortened, nothing else.
    Result images sit in the same tracked sets (Blocks.temp_file_sets), so they go the same way."""
    import asyncio
    from datetime import datetime, timedelta

    from fastapi.testclient import TestClient
    from gradio import route_utils
    from gradio.routes import App

    from genmodels.ui.app import DELETE_CACHE, build_demo
    from genmodels.zoo import Zoo

    frequency, age = DELETE_CACHE
    assert 0 < frequency <= 86400 and 0 < age <= 86400
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))  # where the app stores uploads
    ahead = {"by": timedelta(0)}  # how far Gradio's clock runs ahead of the real one
    waits = []  # every asyncio.sleep in route_utils: the sweep loop waits `frequency` s between sweeps

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + ahead["by"]

    class ShortSleeps:  # route_utils' asyncio, each sleep shortened to 10 ms
        def __getattr__(self, name):
            return getattr(asyncio, name)

        async def sleep(self, seconds):
            waits.append(seconds)
            await asyncio.sleep(0.01)

    monkeypatch.setattr(route_utils, "datetime", Clock)
    monkeypatch.setattr(route_utils, "asyncio", ShortSleeps())

    def after_a_full_sweep():
        # the sweep runs after each wait; two more waits mean one sweep ran entirely after this call
        seen = waits.count(frequency)
        for _ in range(500):
            if waits.count(frequency) >= seen + 2:
                return
            time.sleep(0.01)
        raise AssertionError(f"no sweep every {frequency} s is scheduled (waits seen: {sorted(set(waits))})")

    demo = build_demo(Zoo(tmp_path / "no-weights", device="cpu"))  # no weights: every model missing, it still builds
    demo.max_file_size = None  # launch() would set the cap, which has its own test above
    picture = (REPO / "assets" / "examples" / "fashion" / "7_Sneaker.png").read_bytes()
    with TestClient(App.create_app(demo)) as client:

        def upload() -> Path:
            response = client.post("/gradio_api/upload", files={"files": ("sneaker.png", picture, "image/png")})
            response.raise_for_status()
            path = Path(response.json()[0])
            assert path.is_file() and path.is_relative_to(tmp_path / "gradio")
            return path

        first = upload()
        after_a_full_sweep()
        assert first.is_file(), "a fresh upload was deleted"
        ahead["by"] = timedelta(seconds=age - 60)
        after_a_full_sweep()
        assert first.is_file(), f"an upload younger than {age} s was deleted"
        ahead["by"] = timedelta(seconds=age + 60)
        after_a_full_sweep()
        assert not first.exists(), f"an upload older than {age} s was kept"

        ahead["by"] = timedelta(0)
        second = upload()
        after_a_full_sweep()
        assert second.is_file()
    assert not second.exists(), "an upload outlived the server"


def test_requirements_are_pinned_to_what_is_installed():
    from importlib.metadata import version

    lines = [line.split("#")[0].strip() for line in (REPO / "requirements.txt").read_text().splitlines()]
    pins = [line for line in lines if line and not line.startswith("-")]
    assert pins and all("==" in line for line in pins), [line for line in pins if "==" not in line]
    mismatched = {}
    for line in pins:
        name, wanted = (part.strip() for part in line.split("==", 1))
        installed = version(name.split("[")[0])
        if installed.split("+")[0] != wanted:
            mismatched[name] = (wanted, installed)
    assert mismatched == {}
