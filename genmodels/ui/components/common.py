"""What every tab shares: how a model event is declared, uploads in, pictures out, example files.

The UI never touches a model: uploads become tensors with `uploads.load_upload`, the zoo does the
work, tensors become pictures with `images.to_pil` (28x28 results upscaled by an integer factor,
nearest neighbour, nothing drawn on them, so API clients recover the exact pixels).
"""

from __future__ import annotations

import base64
import functools
import inspect
import math
import os
from collections.abc import Callable
from pathlib import Path

import gradio as gr
import torch
from gradio.utils import get_upload_folder

from genmodels import images, uploads
from genmodels.ui import patches

# -- concurrency ---------------------------------------------------------------------------------------
# Every model event shares one concurrency group, so the models never run more requests at once than this.
# On a GPU: 1 (one CUDA stream; requests are milliseconds, so queueing costs nothing and memory stays bounded).
# On a CPU: 2. The zoo runs every task on its one model thread (genmodels/zoo/model_thread.py), so this does not
# run two models at once: it lets a second request reach that thread while a diffusion run holds it, and a short one
# runs between the run's steps: through gradio_client on an idle 2-core machine, /vae_sample (16 images) took 0.10 s
# alone and 0.18-0.23 s during a 22.5 s DDIM-300 x 16 run (before the model thread, measured while a training ran:
# 109 s with a limit of 1 and 1.5 s with 2).
# Override with GENMODELS_CONCURRENCY.
# Uploads above this are refused by the server before any of our code runs. Fashion-MNIST images are 28x28,
# a phone photo is 2-8 MB, and uploads.load_upload shrinks anything big anyway; the cap bounds the disk and
# memory one request can take.
MAX_FILE_SIZE = "10mb"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # the same cap in bytes, for inline (data: URL) images

CONCURRENCY_ID = "models"
QUEUE_MAX_SIZE = 64  # requests waiting beyond this are refused ("queue full") instead of waiting for minutes


def default_concurrency() -> int:
    if "GENMODELS_CONCURRENCY" in os.environ:
        value = int(os.environ["GENMODELS_CONCURRENCY"])
        if value < 1:
            raise ValueError(f"GENMODELS_CONCURRENCY must be a positive integer, got {value}")
        return value
    return 1 if torch.cuda.is_available() else 2


CONCURRENCY_LIMIT = default_concurrency()
MODEL_EVENT = {"concurrency_id": CONCURRENCY_ID, "concurrency_limit": CONCURRENCY_LIMIT}
# Events with an image input skip Gradio's preprocessing: the function gets the upload's file payload and
# load_upload reads the original bytes (no RGB conversion, no re-encoding) and names what is wrong with a bad
# file. Gradio's Image preprocessing would decode it with PIL first and fail an unreadable upload with a
# generic error. The other inputs then arrive as sent, and the zoo validates every one of them.
RAW_INPUTS = {"preprocess": False}
UPLOAD_EVENT = {**MODEL_EVENT, **RAW_INPUTS}  # a model event with an image input
# A model event whose inputs are numbers and choices only: skipping Gradio's slider/dropdown preprocessing lets
# the zoo's checks answer a bad API value, and they name the argument ("n must be in [1, 64], got 1000000")
# where Gradio's say only "Value 1000000 is greater than maximum value 64".
VALUES_EVENT = UPLOAD_EVENT
# Display-only updates: no model, no queue, and no spinner. Such an event takes milliseconds, so a spinner would
# only flash, and Gradio's spinner (its Loader) is animated by JavaScript springs that go on stepping at every
# animation frame for seconds after it is gone: after the Diffusion tab's run its scrub view's two spinners kept them
# running on the cores the next run needed (tabs/diffusion/view.py's RUN_PROGRESS has the measurement).
UI_EVENT = {"api_visibility": "private", "queue": False, "show_progress": "hidden"}

# -- ZeroGPU -------------------------------------------------------------------------------------------
try:  # on a ZeroGPU Space, `spaces.GPU` attaches a GPU for the duration of the call; elsewhere it is a no-op
    import spaces

    gpu = spaces.GPU
except ImportError:

    def gpu(fn=None, **_kwargs):
        return fn if fn is not None else (lambda f: f)


# ZeroGPU runs shorter requests first and stops a call that outlives the duration it asked for, so each call asks for
# what its arguments need. No GPU was measured: sampling is sized by the CPU benchmark (weights/benchmark.json, 2 cores,
# w = 3: DDIM-25 x 1 0.38 s, DDPM-1000 x 16 60.5 s), an upper bound for a GPU; tests/unit/test_launch.py checks it.
STEP_SECONDS, IMAGE_STEP_SECONDS = 0.013, 0.0031  # one denoising step: a fixed cost, plus this much per image
GPU_ALLOWANCE = 30  # seconds beside sampling (not measured): attaching the GPU, moving weights, the other models
GPU_MAX_SECONDS = 240


def diffusion_gpu_seconds(steps, n, runs: int = 1, **_call) -> int:
    """The ZeroGPU duration of a call that samples `runs` times n images in `steps` steps. The arguments are as sent
    (the zoo checks them in the call), so one that is not a finite number asks for the most."""
    try:
        sampling = runs * float(steps) * (STEP_SECONDS + float(n) * IMAGE_STEP_SECONDS)
    except (TypeError, ValueError):
        return GPU_MAX_SECONDS
    return int(min(GPU_ALLOWANCE + max(sampling, 0.0), GPU_MAX_SECONDS)) if math.isfinite(sampling) else GPU_MAX_SECONDS


def model_fn(fn=None, *, gpu_seconds: int | Callable[..., int] | None = None, errors=(ValueError,)):
    """Declare an event function that runs models: a ValueError (a bad argument or upload, named by the
    zoo or images.py) becomes a gr.Error with the same message, shown to the visitor and returned to
    API clients, instead of a generic error. Generators (streaming) are handled too.
    Wrapped in spaces.GPU on ZeroGPU, for gpu_seconds: a number, or a function of the call's arguments (by name)
    that returns one; None is spaces' default. functools.wraps keeps the signature, which names the API parameters."""
    if fn is None:
        return functools.partial(model_fn, gpu_seconds=gpu_seconds, errors=errors)

    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except errors as error:
                raise gr.Error(str(error), print_exception=False) from None

    else:

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except errors as error:
                raise gr.Error(str(error), print_exception=False) from None

    if gpu_seconds is None:
        return gpu(wrapper)
    if callable(gpu_seconds):  # spaces calls it with the call's arguments; by name, one sizing serves every event
        signature, sizing = inspect.signature(fn), gpu_seconds
        gpu_seconds = lambda *args, **kwargs: sizing(**signature.bind(*args, **kwargs).arguments)  # noqa: E731
    return gpu(duration=gpu_seconds)(wrapper)


# -- pictures in and out -------------------------------------------------------------------------------


def uploaded_path(path, name: str) -> str:
    """`path` if it lies in Gradio's upload folder, where every browser upload, API upload and example lands.

    Image events skip Gradio's preprocessing (RAW_INPUTS), which is what normally refuses other paths, so the
    check is here: a client naming any other server file gets exactly a missing file's answer and learns
    nothing about the server."""
    resolved = os.path.realpath(path)
    if os.path.commonpath([resolved, os.path.realpath(get_upload_folder())]) != os.path.realpath(get_upload_folder()):
        raise ValueError(f"{name}: no such image file: '{path}'")
    return resolved


def read_image(upload, name: str = "image") -> torch.Tensor:
    """An upload -> model tensor (1, 1, 28, 28). `upload` is Gradio's file payload (a dict with "path", or a
    base64 "url"), a path in Gradio's upload folder, bytes, a PIL image or a numpy array.
    Raises ValueError naming the input when it is missing or not a readable image."""
    if isinstance(upload, dict):
        url = upload.get("url") or ""
        # an inline data: URL never passes launch's max_file_size, so the same cap is applied here
        if url.startswith("data:") and not upload.get("path") and len(url) * 3 // 4 > MAX_UPLOAD_BYTES:
            raise ValueError(f"{name}: the inline image is larger than the {MAX_FILE_SIZE} upload limit")
        upload = upload.get("path") or (base64.b64decode(url.split(",", 1)[-1]) if url.startswith("data:") else None)
    if upload is None or (isinstance(upload, (str, bytes)) and not upload):
        raise ValueError(f"{name}: no image given; upload one or pick an example")
    if isinstance(upload, (str, os.PathLike)):
        upload = uploaded_path(upload, name)
    try:
        return uploads.load_upload(upload)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None


# Output pictures are written once and atomically: two visitors who get the same picture never share a
# half-written file (patches.py says how Gradio 6.31 would write it)
patches.write_pictures_once()


def picture(tensor: torch.Tensor):
    """One model tensor -> display image (nearest-neighbour upscale of the 28x28 result)."""
    return images.to_pil(tensor)


def sheet(batch: torch.Tensor, columns: int = images.SHEET_COLUMNS):
    """A set of samples (N, 1, 28, 28) -> ONE picture of N native-size tiles (images.to_sheet; API.md says how a
    client cuts it). What every sample output returns: one file to write and fetch, however many samples."""
    return images.to_sheet(batch, columns)


def image_input(label, **kwargs) -> gr.Image:
    """An upload box. Events reading it use RAW_INPUTS, so the function gets the uploaded file itself."""
    kwargs.setdefault("height", 240)
    return gr.Image(
        label=label,
        type="filepath",
        image_mode=None,
        sources=["upload", "clipboard"],
        elem_classes="pixelated",
        **kwargs,
    )


def image_output(label, **kwargs) -> gr.Image:
    """A result box: PNG (lossless, so the pixels survive), pixelated rendering in the browser."""
    kwargs.setdefault("height", 240)
    return gr.Image(label=label, format="png", interactive=False, elem_classes="pixelated", **kwargs)


def gallery_output(label, columns: int = 4, **kwargs) -> gr.Gallery:
    """A few big captioned pictures across the width (denoise's methods side by side)."""
    kwargs.setdefault("height", "auto")
    return gr.Gallery(
        label=label,
        format="png",
        columns=columns,
        object_fit="contain",
        interactive=False,
        elem_classes=["pixelated", "few"],
        **kwargs,
    )


def sheet_output(label, **kwargs) -> gr.Image:
    """A set of samples as one sheet picture, enlarged crisply (nearest neighbour) to its panel's width."""
    return gr.Image(label=label, format="png", interactive=False, elem_classes=["pixelated", "sheet"], **kwargs)


def seed_input(label, value: int = 0, **kwargs) -> gr.Number:
    return gr.Number(label=label, value=value, precision=0, minimum=0, maximum=2**31 - 1, **kwargs)


def int_slider(label, minimum: int, maximum: int, value: int, **kwargs) -> gr.Slider:
    """A slider that hands the function an int (precision=0), range-checked by Gradio and again by the zoo."""
    return gr.Slider(minimum, maximum, value=value, step=1, precision=0, label=label, **kwargs)


# -- example files (written by scripts/make_examples.py) -------------------------------------------------

EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "assets" / "examples"


def example_files(kind: str) -> list[str]:
    """Sorted PNG paths of one example set ("fashion", "noisy", "anomalies"); [] before the script has run."""
    folder = EXAMPLES_DIR / kind
    return sorted(str(path) for path in folder.glob("*.png")) if folder.is_dir() else []


def example_label(path: str) -> str:
    """'9_Ankle_boot.png' -> 'Ankle boot'."""
    return Path(path).stem.split("_", 1)[-1].replace("_", " ")
