"""A bounded load test of the running app through its public API (API.md), loopback only.

    python -m genmodels.loadtest --launch                         # start app.py on a free loopback port
    python -m genmodels.loadtest --url http://127.0.0.1:7860/     # an app already running on this machine
    python -m genmodels.loadtest --launch --clients 20 --requests 25 --bad-fraction 0.2 --out load.json

Every simulated visitor is a thread with its own `gradio_client.Client`, firing a seeded random mix of
requests across the endpoints, a share of them deliberately bad (unreadable uploads, values out of range).
Every answer is checked:

- a good request must succeed, with output of the promised shape (galleries of n images, each an exact
  nearest-neighbour upscale of 28x28); identical requests (same inputs, same seed), from any visitor at any
  time, must give identical pixels; /forward_noise at t=0 must give back the upload; with trained weights a
  reconstruction must be close to its input;
- a bad request must fail with a message naming the problem (and quickly);
- nothing may be lost: every request ends in an answer or an error before its timeout.

It reports throughput, p50/p95 latency per endpoint, expected and unexpected errors, queue rejections
("queue full") and the server's resident memory before, during (peak) and after. Limits: at most
--clients x --requests requests, and no new request after --max-seconds.

The same module holds the bad-input corpus the tests use: `write_upload_cases` (files of every kind a
visitor may upload, with what must happen to each) and `BAD_ARGUMENTS` (values out of range, wrong types).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import ipaddress
import json
import math
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "assets" / "examples" / "fashion"
IMAGE_ENDPOINTS = ("/reconstruct", "/denoise", "/interpolate", "/anomaly", "/forward_noise")

# =========================================================================================================
# The input corpus
# =========================================================================================================


@dataclass(frozen=True)
class UploadCase:
    """One file a visitor may upload and what the app must do with it.

    error: None when the upload must give a result; else words of which the error message must contain at
    least one (case-insensitive), so the message names the problem.
    same_as: the name of another case that must give exactly the same result (the same 28x28 model input),
    e.g. a BMP or a palette PNG of the same pixels as the plain PNG.
    """

    name: str
    path: Path | None  # None: no image at all
    error: tuple[str, ...] | None = None
    same_as: str | None = None

    @property
    def bad(self) -> bool:
        return self.error is not None


def garments() -> tuple[np.ndarray, np.ndarray]:
    """Two different 28x28 uint8 Fashion-MNIST test images (dark background): the example files when present
    (a sneaker and a trouser, neither symmetric under rotation), else the dataset, else two drawn shapes."""
    files = sorted(EXAMPLES.glob("*.png")) if EXAMPLES.is_dir() else []
    picked = [path for path in files if "Sneaker" in path.name] + [path for path in files if "Trouser" in path.name]
    if len(picked) == 2:
        return tuple(_box_downscale(np.asarray(Image.open(path).convert("L"))) for path in picked)
    try:
        from .data import load_arrays

        images, _ = load_arrays("test")
        return images[0].copy(), images[2].copy()
    except Exception:  # noqa: BLE001 - no dataset on this machine: two asymmetric drawn shapes
        a = np.zeros((28, 28), np.uint8)
        a[14:22, 3:25] = 200
        a[8:14, 3:12] = 230
        b = np.zeros((28, 28), np.uint8)
        b[3:25, 8:13] = 180
        b[3:25, 15:20] = 180
        b[3:8, 8:20] = 220
        return a, b


def _box_downscale(image: np.ndarray) -> np.ndarray:
    k = image.shape[0] // 28
    return image.reshape(28, k, 28, k).mean(axis=(1, 3)).round().astype(np.uint8)


def _grey_palette_image(gray: np.ndarray) -> Image.Image:
    """Mode "P" with a grey ramp as its palette: index i is grey level i, so the pixels are exact."""
    image = Image.fromarray(gray, "L").convert("P")
    image.putdata(gray.flatten().tolist())
    image.putpalette([level for i in range(256) for level in (i, i, i)])
    return image


def _png_bomb(path: Path, side: int = 30_000) -> None:
    """A valid 1-bit PNG of side x side pixels (900 megapixels), all black: ~110 MB of zeros that deflate
    to ~110 kB. Written chunk by chunk so building it never holds the picture in memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = side.to_bytes(4, "big") * 2 + bytes([1, 0, 0, 0, 0])  # bit depth 1, greyscale
    row = bytes(1 + math.ceil(side / 8))  # filter byte 0 + the packed row
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row * 1000) for _ in range(side // 1000)) + compressor.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def write_upload_cases(folder: str | Path) -> dict[str, UploadCase]:
    """Write one file per case of the bad-input matrix into `folder` -> {name: UploadCase}, in a fixed order.

    Good: PNG, JPEG, WebP, BMP, animated GIF (the first frame counts), RGBA (opaque, and a cut-out on a
    transparent background), palette, 16-bit, 1-bit, EXIF-rotated, 1x1, a 6000x4000 photo.
    Bad: a decompression bomb, a truncated JPEG, an HTML page and a ZIP archive renamed .png, an empty file,
    no image at all."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    base, other = garments()
    big = np.kron(base, np.ones((8, 8), np.uint8))  # the 224 px display version
    cases: list[UploadCase] = []

    def add(name, filename, save, error=None, same_as=None):
        path = folder / filename
        save(path)
        cases.append(UploadCase(name, path, tuple(error) if error else None, same_as))

    gray = Image.fromarray(base, "L")
    add("png", "garment.png", lambda p: gray.save(p))
    add("jpeg", "garment.jpg", lambda p: Image.fromarray(big).convert("RGB").save(p, quality=92))
    add("webp", "garment.webp", lambda p: gray.save(p, lossless=True), same_as="png")
    add("bmp", "garment.bmp", lambda p: gray.save(p), same_as="png")
    frames = [_grey_palette_image(base), _grey_palette_image(other)]
    add(
        "gif_animated",
        "animated.gif",
        lambda p: frames[0].save(p, save_all=True, append_images=frames[1:], duration=200, loop=0),
        same_as="png",
    )
    add("rgba", "rgba.png", lambda p: gray.convert("RGBA").save(p), same_as="png")
    cutout = np.dstack([255 - big] * 3 + [np.where(big > 0, 255, 0).astype(np.uint8)])  # dark garment, no background
    # composited onto white, then inverted like any light background: exactly the original pixels again
    add("rgba_cutout", "cutout.png", lambda p: Image.fromarray(cutout, "RGBA").save(p), same_as="png")
    add("palette", "palette.png", lambda p: _grey_palette_image(base).save(p), same_as="png")
    add("gray16", "gray16.png", lambda p: Image.fromarray(base.astype(np.uint16) * 257).save(p), same_as="png")
    add("bit1", "bit1.png", lambda p: gray.point(lambda v: 255 if v > 80 else 0).convert("1").save(p))

    def exif_rotated(path):
        # The pixels are stored turned 90 degrees clockwise; Orientation 8 tells viewers to turn them back.
        exif = Image.Exif()
        exif[0x0112] = 8
        Image.fromarray(np.rot90(base, k=-1).copy(), "L").save(path, exif=exif)

    add("exif_rotated", "exif_rotated.png", exif_rotated, same_as="png")
    add("tiny_1x1", "one_pixel.png", lambda p: Image.new("L", (1, 1), 200).save(p))

    def photo(path):
        # A 6000x4000 phone-sized photo: the garment, dark on a light, slightly graded background.
        canvas = Image.linear_gradient("L").resize((6000, 4000)).point(lambda v: 235 + v // 16)
        garment = Image.fromarray(255 - big).resize((2400, 2400), Image.Resampling.BICUBIC)
        canvas.paste(garment, (1800, 800))
        canvas.convert("RGB").save(path, quality=85)

    add("photo_6000x4000", "photo.jpg", photo)
    add("decompression_bomb", "bomb.png", _png_bomb, error=("decompression bomb", "megapixels"))
    # Under PIL's own bomb limit (179 MP) but over the app's 40 MP: refused from the header, before decoding.
    add("oversized_64mp", "oversized.png", lambda p: _png_bomb(p, side=8_000), error=("megapixels", "too large"))

    def truncated(path):
        data = io.BytesIO()
        Image.fromarray(big).convert("RGB").save(data, "JPEG", quality=92)
        path.write_bytes(data.getvalue()[: len(data.getvalue()) // 2])

    add("truncated_jpeg", "truncated.jpg", truncated, error=("truncated", "corrupt"))
    add(
        "html_as_png",
        "page.png",
        lambda p: p.write_text("<!DOCTYPE html><html><body><h1>Not an image</h1></body></html>"),
        error=("html",),
    )

    def zip_file(path):
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("garment.png", (folder / "garment.png").read_bytes())

    add("zip_as_png", "archive.png", zip_file, error=("zip",))
    add("empty_file", "empty.png", lambda p: p.write_bytes(b""), error=("empty",))
    cases.append(UploadCase("no_image", None, ("no image",)))
    return {case.name: case for case in cases}


@dataclass(frozen=True)
class BadArguments:
    """A request with an invalid non-image argument; the error must name the argument (`words`)."""

    name: str
    endpoint: str
    args: tuple  # with the placeholder IMAGE where the endpoint takes an image
    words: tuple[str, ...]

    @property
    def needs_raw_json(self) -> bool:
        """gradio_client refuses to send NaN (not JSON compliant); such a request goes through `rest_call`."""
        return any(isinstance(a, float) and math.isnan(a) for a in self.args)


IMAGE = "<image>"  # placeholder, replaced by a good upload when the request is made
NAN = float("nan")

# Each is cheap to reject and would be very expensive (or impossible) to run: a fast error proves no work was
# done. Values are sent as JSON, so NaN travels as the literal NaN that Python's json module writes.
BAD_ARGUMENTS = [
    BadArguments("reconstruct_unknown_model", "/reconstruct", (IMAGE, "resnet"), ("model",)),
    BadArguments("reconstruct_model_wrong_type", "/reconstruct", (IMAGE, 3), ("model",)),
    BadArguments("denoise_sigma_nan", "/denoise", (IMAGE, NAN, "dae", 0), ("noise_sigma",)),
    BadArguments("denoise_sigma_negative", "/denoise", (IMAGE, -0.5, "dae", 0), ("noise_sigma",)),
    BadArguments("denoise_sigma_huge", "/denoise", (IMAGE, 1e9, "dae", 0), ("noise_sigma",)),
    BadArguments("denoise_unknown_method", "/denoise", (IMAGE, 0.3, "bilateral", 0), ("method",)),
    BadArguments("denoise_seed_negative", "/denoise", (IMAGE, 0.3, "median", -1), ("seed",)),
    BadArguments("denoise_seed_too_big", "/denoise", (IMAGE, 0.3, "median", 2**31), ("seed",)),
    BadArguments("denoise_seed_fraction", "/denoise", (IMAGE, 0.3, "median", 1.5), ("seed",)),
    BadArguments("vae_sample_n_huge", "/vae_sample", (10**6, 0, 1.0), ("n",)),
    BadArguments("vae_sample_n_zero", "/vae_sample", (0, 0, 1.0), ("n",)),
    BadArguments("vae_sample_n_string", "/vae_sample", ("five", 0, 1.0), ("n",)),
    BadArguments("vae_sample_temperature_nan", "/vae_sample", (4, 0, NAN), ("temperature",)),
    BadArguments("vae_sample_temperature_negative", "/vae_sample", (4, 0, -1.0), ("temperature",)),
    BadArguments("gan_sample_n_huge", "/gan_sample", (10**6, 0, "dcgan", 1.0), ("n",)),
    BadArguments("gan_sample_unknown_variant", "/gan_sample", (4, 0, "stylegan", 1.0), ("variant",)),
    BadArguments("gan_sample_truncation_huge", "/gan_sample", (4, 0, "dcgan", 1e12), ("truncation",)),
    BadArguments("gan_sample_seed_list", "/gan_sample", (4, [1, 2], "dcgan", 1.0), ("seed",)),
    BadArguments("diffusion_steps_huge", "/diffusion_sample", ("Trouser", 2.0, "DDIM", 10**9, 0.0, 2, 0), ("steps",)),
    BadArguments("diffusion_n_huge", "/diffusion_sample", ("Trouser", 2.0, "DDIM", 10, 0.0, 10**6, 0), ("n",)),
    BadArguments(
        "diffusion_unknown_class", "/diffusion_sample", ("Spaceship", 2.0, "DDIM", 10, 0.0, 2, 0), ("class_name",)
    ),
    BadArguments("diffusion_class_none", "/diffusion_sample", (None, 2.0, "DDIM", 10, 0.0, 2, 0), ("class_name",)),
    BadArguments(
        "diffusion_guidance_nan", "/diffusion_sample", ("Trouser", NAN, "DDIM", 10, 0.0, 2, 0), ("guidance_scale",)
    ),
    BadArguments(
        "diffusion_guidance_negative",
        "/diffusion_sample",
        ("Trouser", -3.0, "DDIM", 10, 0.0, 2, 0),
        ("guidance_scale",),
    ),
    BadArguments(
        "diffusion_unknown_sampler", "/diffusion_sample", ("Trouser", 2.0, "Euler", 10, 0.0, 2, 0), ("sampler",)
    ),
    BadArguments("diffusion_eta_out_of_range", "/diffusion_sample", ("Trouser", 2.0, "DDIM", 10, 5.0, 2, 0), ("eta",)),
    BadArguments("interpolate_steps_huge", "/interpolate", (IMAGE, IMAGE, "ae", 10**9, "linear"), ("steps",)),
    BadArguments("interpolate_steps_one", "/interpolate", (IMAGE, IMAGE, "ae", 1, "linear"), ("steps",)),
    BadArguments("interpolate_unknown_mode", "/interpolate", (IMAGE, IMAGE, "ae", 8, "cubic"), ("mode",)),
    BadArguments("interpolate_unknown_model", "/interpolate", (IMAGE, IMAGE, "pca", 8, "linear"), ("model",)),
    BadArguments("anomaly_unknown_method", "/anomaly", (IMAGE, "isolation-forest"), ("method",)),
    BadArguments("forward_noise_t_negative", "/forward_noise", (IMAGE, -1), ("t",)),
    BadArguments("forward_noise_t_huge", "/forward_noise", (IMAGE, 10**9), ("t",)),
    BadArguments("forward_noise_t_nan", "/forward_noise", (IMAGE, NAN), ("t",)),
    BadArguments("forward_noise_t_string", "/forward_noise", (IMAGE, "500"), ("t",)),
]


# =========================================================================================================
# Reading answers
# =========================================================================================================


def pixels(source, label: str | None = None) -> np.ndarray:
    """An output image (a file path, or its bytes) -> its 28x28 uint8 pixels. Raises AssertionError unless it
    is an exact integer nearest-neighbour upscale of a 28x28 greyscale picture (API.md's image output)."""
    label = label or (Path(source).name if isinstance(source, (str, Path)) else "image")
    image = np.asarray(Image.open(io.BytesIO(source) if isinstance(source, bytes) else source).convert("L"))
    height, width = image.shape
    assert height == width and height % 28 == 0, f"{label}: {width}x{height} is not an integer upscale of 28x28"
    k = height // 28
    blocks = image.reshape(28, k, 28, k)
    assert (blocks == blocks[:, :1, :, :1]).all(), f"{label}: not a nearest-neighbour upscale"
    return np.ascontiguousarray(blocks[:, 0, :, 0])


def _image(value, fetch):
    """One image output: a downloaded file path, or (Client(download_files=False)) a file payload whose URL
    `fetch(url) -> bytes` reads."""
    if isinstance(value, dict) and "image" in value and not value.get("url"):  # a gallery item
        value = value["image"]
    if isinstance(value, dict):
        if fetch is None:
            raise ValueError("a file payload needs a fetch function to read it")
        return pixels(fetch(value["url"]), label=Path(value.get("path") or "image").name)
    return pixels(value)


def gallery_pixels(result, fetch=None) -> list[np.ndarray]:
    return [_image(item, fetch) for item in result]


def psnr_db(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2) / 255.0**2
    return 10 * math.log10(1 / max(mse, 1e-12))


def _is_image(part) -> bool:
    if isinstance(part, dict):
        return "url" in part or "path" in part
    return isinstance(part, str) and Path(part).suffix.lower() in (".png", ".webp", ".jpg", ".jpeg")


def read_answer(endpoint: str, result, fetch=None) -> dict:
    """A successful answer -> {"images": [28x28 uint8 ...], "numbers": [...], "text": [...]}, checking every
    image is a valid output image. `fetch(url) -> bytes` reads file payloads when the client did not
    download them."""
    parts = (
        result
        if isinstance(result, tuple)
        or (isinstance(result, list) and endpoint in ("/reconstruct", "/denoise", "/anomaly"))
        else (result,)
    )
    answer = {"images": [], "numbers": [], "text": []}
    for part in parts:
        if isinstance(part, list):  # a gallery
            answer["images"] += gallery_pixels(part, fetch)
        elif isinstance(part, bool):
            answer["text"].append(str(part))
        elif isinstance(part, (int, float)):
            answer["numbers"].append(float(part))
        elif _is_image(part):
            answer["images"].append(_image(part, fetch))
        else:
            answer["text"].append(str(part))
    return answer


def fingerprint(answer: dict) -> str:
    """A hash of an answer's exact pixels, its numbers (to 6 significant digits) and its text."""
    digest = hashlib.sha256()
    for image in answer["images"]:
        digest.update(image.tobytes())
    digest.update(repr([float(f"{x:.6g}") for x in answer["numbers"]]).encode())
    digest.update(repr(answer["text"]).encode())
    return digest.hexdigest()[:16]


def error_names(message: str, words) -> bool:
    """True when an error message contains at least one of `words` as a whole word (case-insensitive):
    an argument called "n" is named by "n must be in [1, 64]", not by the "n" in "greater than"."""
    return any(
        re.search(rf"(?<![a-z0-9_]){re.escape(word)}(?![a-z0-9_])", message or "", re.IGNORECASE) for word in words
    )


# =========================================================================================================
# The request mix
# =========================================================================================================

GOOD_UPLOADS = ("png", "jpeg", "webp", "gif_animated", "palette", "exif_rotated", "photo_6000x4000")
BAD_UPLOADS = ("decompression_bomb", "truncated_jpeg", "html_as_png", "zip_as_png", "empty_file", "no_image")
ENDPOINT_WEIGHTS = {
    "/reconstruct": 3,
    "/denoise": 2,
    "/vae_sample": 2,
    "/gan_sample": 2,
    "/diffusion_sample": 1,
    "/interpolate": 1,
    "/anomaly": 2,
    "/forward_noise": 2,
}
# The model choice of each endpoint (None: the endpoint has one model). Options whose model is missing are
# dropped after the warm-up probe.
MODEL_OPTIONS = {
    "/reconstruct": ("ae", "dae", "sparse_ae", "vae"),
    "/denoise": ("dae", "vae", "median", "diffusion"),
    "/vae_sample": (None,),
    "/gan_sample": ("dcgan", "wgan-gp"),
    "/diffusion_sample": (None,),
    "/interpolate": ("ae", "vae"),
    "/anomaly": ("ae", "vae", "diffusion"),
    "/forward_noise": (None,),
}


def all_options() -> dict[str, list]:
    """Every option of every endpoint (an app whose weights folder holds every model)."""
    return {endpoint: list(choices) for endpoint, choices in MODEL_OPTIONS.items()}


def _usable(bad: BadArguments, options: dict) -> bool:
    """A bad-argument request fits the mix when its endpoint, and any model option it names, is served."""
    served = options.get(bad.endpoint) or []
    named = [a for a in bad.args if isinstance(a, str) and a in MODEL_OPTIONS[bad.endpoint]]
    return bool(served) and all(a in served for a in named) and not bad.needs_raw_json


@dataclass
class Planned:
    """One request: the endpoint, its arguments (UploadCase where a file goes), and what must come back."""

    endpoint: str
    args: tuple
    bad: bool = False
    error_words: tuple[str, ...] = ()
    label: str = ""  # the bad case's name

    def key(self) -> str:
        """Identical keys must give identical answers: uploads of the same pixels count as the same input."""
        parts = [(a.same_as or a.name) if isinstance(a, UploadCase) else a for a in self.args]
        return f"{self.endpoint}{parts!r}"


def good_request(endpoint: str, rng: random.Random, cases: dict, option=None) -> Planned:
    up = lambda: cases[rng.choice(GOOD_UPLOADS)]
    seed = rng.randrange(4)  # few seeds, so identical requests recur across visitors
    if endpoint == "/reconstruct":
        args = (up(), option)
    elif endpoint == "/denoise":
        args = (up(), rng.choice((0.0, 0.2, 0.5)), option, seed)
    elif endpoint == "/vae_sample":
        args = (rng.choice((1, 4, 16)), seed, rng.choice((0.5, 1.0)))
    elif endpoint == "/gan_sample":
        args = (rng.choice((1, 4, 16)), seed, option, rng.choice((0.7, 1.0)))
    elif endpoint == "/diffusion_sample":
        args = (
            rng.choice(("any", "Trouser", "Bag")),
            rng.choice((0.0, 2.0)),
            rng.choice(("DDIM", "DDPM")),
            rng.choice((4, 8)),
            rng.choice((0.0, 1.0)),
            rng.choice((1, 4)),
            seed,
        )
    elif endpoint == "/interpolate":
        args = (up(), up(), option, rng.choice((2, 5, 8)), rng.choice(("linear", "slerp")))
    elif endpoint == "/anomaly":
        args = (up(), option)
    elif endpoint == "/forward_noise":
        args = (up(), rng.choice((0, 250, 999)))
    else:
        raise ValueError(f"unknown endpoint {endpoint!r}")
    return Planned(endpoint, args)


def bad_request(rng: random.Random, cases: dict, options: dict) -> Planned:
    """A bad upload on an image endpoint, or a bad argument (half and half)."""
    image_endpoints = [e for e in IMAGE_ENDPOINTS if options.get(e)]
    arguments = [b for b in BAD_ARGUMENTS if _usable(b, options)]
    if image_endpoints and (not arguments or rng.random() < 0.5):
        endpoint, case = rng.choice(image_endpoints), cases[rng.choice(BAD_UPLOADS)]
        good = good_request(endpoint, rng, cases, rng.choice(options[endpoint]))
        return Planned(endpoint, (case, *good.args[1:]), True, case.error, case.name)
    bad = rng.choice(arguments)
    args = tuple(cases["png"] if a == IMAGE else a for a in bad.args)
    return Planned(bad.endpoint, args, True, bad.words, bad.name)


def plan(rng: random.Random, count: int, bad_fraction: float, cases: dict, options: dict) -> list[Planned]:
    endpoints = [e for e in ENDPOINT_WEIGHTS if options.get(e)]
    weights = [ENDPOINT_WEIGHTS[e] for e in endpoints]
    requests = []
    for _ in range(count):
        if rng.random() < bad_fraction:
            requests.append(bad_request(rng, cases, options))
        else:
            endpoint = rng.choices(endpoints, weights)[0]
            requests.append(good_request(endpoint, rng, cases, rng.choice(options[endpoint])))
    return requests


# =========================================================================================================
# Running it
# =========================================================================================================


@dataclass
class Outcome:
    endpoint: str
    label: str
    bad: bool
    status: str  # "ok", "expected_error", "unexpected_error", "wrong_answer", "queue_full", "lost"
    seconds: float  # from sending the request to its answer (the result event), output files not included
    fetch_seconds: float = 0.0  # reading the answer's output files afterwards
    detail: str = ""
    key: str = ""
    fingerprint: str = ""


def _client(url: str, attempts: int = 3):
    """A visitor's client. Output files are not downloaded by the client (which fetches them one by one on a
    new connection each, and would count that in the answer's latency); `LoadTest.fetch` reads them after.
    Timeouts are longer than httpx's 5 s default: 20 visitors loading the app's config at once on a busy CPU
    take longer, and that is waiting, not failing. Reads between server-sent events may take 120 s."""
    import httpx
    from gradio_client import Client

    for attempt in range(attempts):
        try:
            return Client(
                url, verbose=False, download_files=False, httpx_kwargs={"timeout": httpx.Timeout(60.0, read=120.0)}
            )
        except httpx.TimeoutException:
            if attempt == attempts - 1:
                raise
            time.sleep(1 + attempt)


def _resolve(args: tuple):
    from gradio_client import handle_file

    return [
        handle_file(str(a.path)) if isinstance(a, UploadCase) and a.path else (None if isinstance(a, UploadCase) else a)
        for a in args
    ]


def check_answer(request: Planned, answer: dict, references: dict, real_weights: bool) -> str:
    """'' when a good answer is right, else what is wrong with it."""
    endpoint, args = request.endpoint, request.args
    expected_images = {
        "/reconstruct": 2,
        "/denoise": 2,
        "/forward_noise": 1,
        "/anomaly": 0,
        "/interpolate": args[3] if endpoint == "/interpolate" else 0,
        "/vae_sample": args[0],
        "/gan_sample": args[0],
        "/diffusion_sample": args[5] if endpoint == "/diffusion_sample" else 0,
    }[endpoint]
    if len(answer["images"]) != expected_images:
        return f"{len(answer['images'])} images, expected {expected_images}"
    numbers = answer["numbers"]
    if not all(math.isfinite(x) for x in numbers):
        return f"non-finite number in {numbers}"
    exact_input = isinstance(args[0], UploadCase) and (args[0].same_as or args[0].name) == "png"
    reference = references.get("png")
    if endpoint == "/reconstruct" and not 0 <= numbers[0] <= 1:
        return f"MSE {numbers[0]} outside [0, 1]"
    if endpoint == "/anomaly":
        score, threshold = numbers
        verdict = answer["text"][0].lower() if answer["text"] else ""
        if ("anomal" in verdict) != (score > threshold):
            return f"verdict {verdict!r} disagrees with score {score:.4g} vs threshold {threshold:.4g}"
    if endpoint == "/forward_noise" and args[1] == 0 and exact_input and reference is not None:
        quality = psnr_db(answer["images"][0], reference)
        if quality < 35:
            return f"x_0 at t=0 is {quality:.1f} dB from the upload (expected ~identical)"
    if real_weights and endpoint == "/reconstruct" and exact_input and reference is not None:
        quality = psnr_db(answer["images"][0], reference)
        if quality < 14:
            return f"reconstruction only {quality:.1f} dB from its input (trained weights should give > 14 dB)"
    return ""


class LoadTest:
    """One run: a plan per visitor, the shared reference answers, the outcomes."""

    def __init__(
        self, url: str, cases: dict, workdir: Path, real_weights: bool = False, request_timeout: float = 120.0
    ):
        self.url, self.cases, self.workdir = url, cases, Path(workdir)
        self.real_weights, self.request_timeout = real_weights, request_timeout
        self.references = {"png": _box_png(cases["png"].path)}
        self.answers: dict[str, str] = {}  # request key -> the first answer's fingerprint
        self.lock = threading.Lock()
        self.outcomes: list[Outcome] = []
        self.probe_problems: list[dict] = []
        self._local = threading.local()

    def fetch(self, url: str) -> bytes:
        """GET an output file on this thread's keep-alive connection; raises on any HTTP or transfer error
        (a truncated body included)."""
        import httpx

        if not hasattr(self._local, "http"):
            self._local.http = httpx.Client(timeout=30)
        response = self._local.http.get(url)
        response.raise_for_status()
        return response.content

    # -- one request ----------------------------------------------------------------------------------------
    def call(self, client, request: Planned, deadline: float | None = None) -> Outcome:
        from gradio_client.exceptions import AppError
        from gradio_client.utils import QueueError

        start = time.perf_counter()
        outcome = Outcome(request.endpoint, request.label or "good", request.bad, "ok", 0.0, key=request.key())
        try:
            job = client.submit(*_resolve(request.args), api_name=request.endpoint)
            result = job.result(timeout=self.request_timeout)
        except AppError as error:
            message = str(error)
            if request.bad and error_names(message, request.error_words):
                outcome.status = "expected_error"
            else:
                outcome.status = "unexpected_error"
            outcome.detail = message[:300]
        except QueueError as error:
            outcome.status, outcome.detail = "queue_full", str(error)
        except TimeoutError:
            outcome.status, outcome.detail = "lost", f"no answer within {self.request_timeout} s"
        except Exception as error:  # noqa: BLE001 - a client-side failure is a result to report, not a crash
            if request.bad and isinstance(error, ValueError) and error_names(str(error), request.error_words):
                outcome.status = "expected_error"
            else:
                outcome.status = "unexpected_error"
            outcome.detail = f"{type(error).__name__}: {str(error)[:300]}"
        else:
            outcome.seconds = time.perf_counter() - start
            if request.bad:
                outcome.status, outcome.detail = "wrong_answer", f"bad input {request.label} was answered"
            else:
                fetched = time.perf_counter()
                try:
                    answer = read_answer(request.endpoint, result, fetch=self.fetch)
                    problem = check_answer(request, answer, self.references, self.real_weights)
                except AssertionError as error:
                    answer, problem = None, str(error)
                except Exception as error:  # noqa: BLE001 - an output file that cannot be read is a wrong answer
                    answer, problem = None, f"output unreadable: {type(error).__name__}: {str(error)[:200]}"
                outcome.fetch_seconds = time.perf_counter() - fetched
                if answer is not None:
                    outcome.fingerprint = fingerprint(answer)
                    with self.lock:
                        first = self.answers.setdefault(outcome.key, outcome.fingerprint)
                    if not problem and first != outcome.fingerprint:
                        problem = "differs from an earlier answer to the same request"
                if problem:
                    outcome.status, outcome.detail = "wrong_answer", problem
        if not outcome.seconds:
            outcome.seconds = time.perf_counter() - start
        with self.lock:
            self.outcomes.append(outcome)
        return outcome

    # -- the warm-up probe ------------------------------------------------------------------------------------
    def available_options(self) -> tuple[dict, dict]:
        """Call every endpoint once per model option; drop the options whose model (or calibration) is
        missing. -> ({endpoint: [options]}, {endpoint option: why dropped})."""
        rng = random.Random(0)
        client = _client(self.url)
        options, dropped = {}, {}
        for endpoint, candidates in MODEL_OPTIONS.items():
            options[endpoint] = []
            for option in candidates:
                outcome = self.call(client, good_request(endpoint, rng, {**self.cases}, option))
                if outcome.status == "ok":
                    options[endpoint].append(option)
                elif "not available" in outcome.detail or "calibration" in outcome.detail:
                    dropped[f"{endpoint} {option}"] = outcome.detail
                else:  # a served model that fails a good request: a problem to report, left out of the mix
                    self.probe_problems.append(asdict(outcome))
        with self.lock:
            self.outcomes.clear()  # the probe is not part of the measurement
        return options, dropped

    # -- two visitors, same request, same moment ----------------------------------------------------------------
    def twins(self, requests: list[Planned]) -> list[dict]:
        """Each request sent by two visitors at the same instant (a barrier releases both threads) -> one
        row per request: identical answers or not."""
        rows = []
        clients = [_client(self.url) for _ in range(2)]
        for request in requests:
            barrier, results = threading.Barrier(2), [None, None]

            def fire(i, barrier=barrier, results=results, request=request):
                barrier.wait()
                results[i] = self.call(clients[i], request)

            threads = [threading.Thread(target=fire, args=(i,)) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            rows.append(
                {
                    "request": request.key(),
                    "statuses": [r.status for r in results],
                    "identical": results[0].status == results[1].status == "ok"
                    and results[0].fingerprint == results[1].fingerprint,
                }
            )
        return rows

    # -- the load ------------------------------------------------------------------------------------------------
    def run(self, plans: list[list[Planned]], max_seconds: float) -> float:
        """Every visitor's plan on its own thread and Client; no request starts after max_seconds.
        -> wall seconds."""
        deadline = time.monotonic() + max_seconds

        def visitor(index, requests):
            try:
                client = _client(self.url)
            except Exception as error:  # noqa: BLE001 - the visitor never got the page: its requests are lost
                with self.lock:
                    for request in requests:
                        self.outcomes.append(
                            Outcome(
                                request.endpoint,
                                request.label or "good",
                                request.bad,
                                "lost",
                                0.0,
                                f"could not load the app: {error}",
                            )
                        )
                return
            for request in requests:
                if time.monotonic() > deadline:
                    break
                self.call(client, request)

        threads = [threading.Thread(target=visitor, args=(i, p), name=f"visitor-{i}") for i, p in enumerate(plans)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start


def rest_call(url: str, endpoint: str, data: list, timeout: float = 30.0) -> tuple[str, object]:
    """Call an endpoint over Gradio's plain HTTP API (what curl does), with `data` as the JSON list of inputs
    (json.dumps writes NaN / Infinity literals, which gradio_client refuses to send).
    -> ("complete", outputs) | ("error", message or None) | ("http <code>", body)."""
    require_loopback(url)
    base = url.rstrip("/") + "/gradio_api/call/" + endpoint.strip("/")
    body = json.dumps({"data": data}).encode()
    request = urllib.request.Request(base, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            event_id = json.loads(response.read())["event_id"]
    except urllib.error.HTTPError as error:
        return f"http {error.code}", error.read().decode(errors="replace")
    with urllib.request.urlopen(f"{base}/{event_id}", timeout=timeout) as response:
        stream = response.read().decode(errors="replace")
    event, payload = None, None
    for line in stream.splitlines():  # server-sent events: "event: <name>" then "data: <json>"
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            payload = json.loads(line.split(":", 1)[1])
    if event == "error":
        return "error", (payload or {}).get("error") if isinstance(payload, dict) else payload
    return event or "none", payload


def rest_upload(url: str, path: str | Path, timeout: float = 30.0) -> dict:
    """Upload a file through Gradio's /gradio_api/upload route -> the file payload to pass as an image input
    in `rest_call` data. Raises urllib.error.HTTPError (413 above the app's max_file_size)."""
    require_loopback(url)
    boundary = "genmodels" + hashlib.sha256(str(time.time()).encode()).hexdigest()[:16]
    name = Path(path).name
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + Path(path).read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url.rstrip("/") + "/gradio_api/upload",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        server_path = json.loads(response.read())[0]
    return {"path": server_path, "orig_name": name, "meta": {"_type": "gradio.FileData"}}


def _box_png(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L"))


# =========================================================================================================
# The server: where it is, its memory
# =========================================================================================================


def require_loopback(url: str) -> str:
    """The URL, if its host is this machine; ValueError otherwise (the load test never leaves the machine)."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError(f"--url must be http(s)://host:port/, got {url!r}")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parsed.hostname, parsed.port or 80)}
    except socket.gaierror as error:
        raise ValueError(f"cannot resolve {parsed.hostname!r}: {error}") from None
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise ValueError(
            f"refusing to load-test {parsed.hostname!r} ({', '.join(sorted(addresses))}): only loopback addresses are allowed"
        )
    return url if url.endswith("/") else url + "/"


def server_pid(port: int) -> int | None:
    """The process listening on 127.0.0.1:<port> (psutil if installed, else /proc/net/tcp + /proc/*/fd)."""
    try:
        import psutil

        for connection in psutil.net_connections("tcp"):
            if (
                connection.status == psutil.CONN_LISTEN
                and connection.laddr
                and connection.laddr.port == port
                and connection.pid
            ):
                return connection.pid
    except Exception:  # noqa: BLE001, S110 - no psutil, or not allowed to list sockets: try /proc
        pass
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":  # 0A = LISTEN
                inodes.add(fields[9])
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return int(proc.name)
        except OSError:
            continue
    return None


def rss_mb(pid: int | None) -> float | None:
    """Resident memory of a process in MiB (psutil if installed, else /proc/<pid>/status)."""
    if pid is None:
        return None
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - the process is gone
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class MemoryWatch:
    """Samples a process's RSS every `interval` seconds on a background thread; .peak is the highest."""

    def __init__(self, pid: int | None, interval: float = 0.25):
        self.pid, self.interval, self.peak = pid, interval, rss_mb(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self):
        while not self._stop.wait(self.interval):
            value = rss_mb(self.pid)
            if value is not None and (self.peak is None or value > self.peak):
                self.peak = value

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def launched_app(weights: Path, workdir: Path, timeout: float = 300.0, env: dict | None = None):
    """`python app.py` on 127.0.0.1:<free port> serving `weights` -> yields (url, pid); stopped afterwards.
    It runs in `workdir`, so Gradio's caches and temp files stay out of the repository."""
    workdir = Path(workdir)
    port = free_port()
    environment = {
        **os.environ,
        "GENMODELS_WEIGHTS": str(Path(weights).resolve()),
        "GRADIO_SERVER_NAME": "127.0.0.1",
        "GRADIO_SERVER_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "GRADIO_TEMP_DIR": str(workdir / "gradio-tmp"),
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    log_path = workdir / "app.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "app.py")], cwd=workdir, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"app.py exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
                try:
                    with urllib.request.urlopen(url + "gradio_api/info", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(
                            f"app.py did not answer within {timeout} s:\n{log_path.read_text()[-3000:]}"
                        ) from None
                    time.sleep(0.5)
            yield url, process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# =========================================================================================================
# The report
# =========================================================================================================


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear interpolation; None for no values."""
    if not values:
        return None
    values = sorted(values)
    position = (len(values) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)


STATUSES = ("ok", "expected_error", "unexpected_error", "wrong_answer", "queue_full", "lost")


def summarize(outcomes: list[Outcome], planned: int, wall_seconds: float) -> dict:
    by_endpoint = defaultdict(list)
    for outcome in outcomes:
        by_endpoint[outcome.endpoint].append(outcome)
    endpoints = {}
    for endpoint in sorted(by_endpoint):
        rows = by_endpoint[endpoint]
        good = [o.seconds for o in rows if not o.bad and o.status == "ok"]
        bad = [o.seconds for o in rows if o.bad and o.status == "expected_error"]
        endpoints[endpoint] = {
            **{status: sum(o.status == status for o in rows) for status in STATUSES},
            "requests": len(rows),
            "p50_s": percentile(good, 50),
            "p95_s": percentile(good, 95),
            "max_s": max(good) if good else None,
            "bad_p50_s": percentile(bad, 50),
            "bad_max_s": max(bad) if bad else None,
        }
    totals = {status: sum(o.status == status for o in outcomes) for status in STATUSES}
    return {
        "planned": planned,
        "sent": len(outcomes),
        "not_sent_deadline": planned - len(outcomes),
        **totals,
        "good_requests": sum(not o.bad for o in outcomes),
        "bad_requests": sum(o.bad for o in outcomes),
        "wall_s": wall_seconds,
        "throughput_rps": len(outcomes) / wall_seconds if wall_seconds else None,
        "p50_s": percentile([o.seconds for o in outcomes if o.status == "ok"], 50),
        "p95_s": percentile([o.seconds for o in outcomes if o.status == "ok"], 95),
        "fetch_p50_s": percentile([o.fetch_seconds for o in outcomes if o.status == "ok"], 50),
        "endpoints": endpoints,
        "problems": [asdict(o) for o in outcomes if o.status in ("unexpected_error", "wrong_answer", "lost")][:50],
    }


def format_table(summary: dict) -> str:
    def seconds(value):
        return "-" if value is None else f"{value:.2f}"

    head = f"{'endpoint':<18}{'sent':>6}{'ok':>6}{'bad->err':>9}{'unexp':>7}{'wrong':>7}{'q-full':>7}{'lost':>6}{'p50 s':>8}{'p95 s':>8}{'max s':>8}{'bad max':>9}"
    lines = [head, "-" * len(head)]
    for endpoint, row in summary["endpoints"].items():
        lines.append(
            f"{endpoint:<18}{row['requests']:>6}{row['ok']:>6}{row['expected_error']:>9}{row['unexpected_error']:>7}{row['wrong_answer']:>7}"
            f"{row['queue_full']:>7}{row['lost']:>6}{seconds(row['p50_s']):>8}{seconds(row['p95_s']):>8}{seconds(row['max_s']):>8}{seconds(row['bad_max_s']):>9}"
        )
    s = summary
    lines.append("-" * len(head))
    lines.append(
        f"{'all':<18}{s['sent']:>6}{s['ok']:>6}{s['expected_error']:>9}{s['unexpected_error']:>7}{s['wrong_answer']:>7}"
        f"{s['queue_full']:>7}{s['lost']:>6}{seconds(s['p50_s']):>8}{seconds(s['p95_s']):>8}"
    )
    lines.append(
        f"\n{s['sent']} of {s['planned']} planned requests sent ({s['good_requests']} good, {s['bad_requests']} bad) in {s['wall_s']:.1f} s: "
        f"{s['throughput_rps']:.2f} requests/s"
    )
    memory = s.get("memory_mb") or {}
    if memory.get("before") is not None:
        lines.append(
            f"server RSS: {memory['before']:.0f} MiB before, {memory['peak']:.0f} MiB peak, {memory['after']:.0f} MiB after "
            f"({memory['after'] - memory['before']:+.0f} MiB)"
        )
    if s.get("twins"):
        same = sum(row["identical"] for row in s["twins"])
        lines.append(
            f"same-seed requests sent by two visitors at once: {same}/{len(s['twins'])} gave identical answers"
        )
    if s.get("dropped_options"):
        lines.append("not tested (model missing): " + ", ".join(s["dropped_options"]))
    for problem in s["problems"][:10]:
        lines.append(
            f"PROBLEM {problem['status']}: {problem['endpoint']} {problem['label']}: {problem['detail'][:200]}"
        )
    return "\n".join(lines)


# =========================================================================================================
# The command line
# =========================================================================================================


def twin_requests(cases: dict, options: dict) -> list[Planned]:
    """Seeded requests of every sampling endpoint (and a seeded denoise) to send twice at the same moment."""
    twins = []
    if options.get("/vae_sample"):
        twins.append(Planned("/vae_sample", (8, 7, 1.0)))
    if options.get("/gan_sample"):
        twins.append(Planned("/gan_sample", (8, 7, options["/gan_sample"][0], 1.0)))
    if options.get("/diffusion_sample"):
        twins.append(Planned("/diffusion_sample", ("Trouser", 2.0, "DDPM", 6, 1.0, 4, 7)))
    if options.get("/denoise"):
        twins.append(Planned("/denoise", (cases["png"], 0.5, options["/denoise"][0], 7)))
    return twins


def load_test(
    url: str,
    clients: int = 20,
    requests: int = 25,
    bad_fraction: float = 0.2,
    seed: int = 0,
    max_seconds: float = 300.0,
    pid: int | None = None,
    real_weights: bool = False,
    workdir: Path | None = None,
    probe: bool = True,
) -> dict:
    """Run the whole test against `url` (loopback only) -> the summary dict (what --out writes).
    probe=False skips the warm-up that finds missing models (every model must then be present)."""
    url = require_loopback(url)
    if not (1 <= clients <= 200 and 1 <= requests <= 1000 and 0 <= bad_fraction <= 1 and 0 < max_seconds <= 3600):
        raise ValueError(
            "limits: 1 <= clients <= 200, 1 <= requests <= 1000, 0 <= bad_fraction <= 1, 0 < max_seconds <= 3600"
        )
    if pid is None:
        pid = server_pid(urllib.parse.urlparse(url).port or 80)
    own_workdir = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="genmodels-loadtest-")) if own_workdir else Path(workdir)
    try:
        cases = write_upload_cases(workdir / "uploads")
        test = LoadTest(url, cases, workdir, real_weights=real_weights)
        if probe:
            options, dropped = test.available_options()
        else:
            options, dropped = all_options(), {}
        twins = test.twins(twin_requests(cases, options))
        with test.lock:
            twin_outcomes, test.outcomes = list(test.outcomes), []
        rng = random.Random(seed)
        plans = [plan(random.Random(rng.random()), requests, bad_fraction, cases, options) for _ in range(clients)]
        before = rss_mb(pid)
        with MemoryWatch(pid) as watch:
            wall = test.run(plans, max_seconds)
        after = rss_mb(pid)
        summary = summarize(test.outcomes, clients * requests, wall)
        summary["problems"] = (
            test.probe_problems + [asdict(o) for o in twin_outcomes if o.status != "ok"][:10] + summary["problems"]
        )
        summary.update(
            config={
                "url": url,
                "clients": clients,
                "requests": requests,
                "bad_fraction": bad_fraction,
                "seed": seed,
                "max_seconds": max_seconds,
                "real_weights": real_weights,
            },
            memory_mb={"pid": pid, "before": before, "peak": watch.peak, "after": after},
            twins=twins,
            dropped_options=dropped,
            options={k: list(v) for k, v in options.items()},
        )
        return summary
    finally:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)


def passed(summary: dict) -> bool:
    """No request lost, no wrong answer, errors only for the bad inputs, every same-seed pair identical."""
    return (
        summary["lost"] == 0
        and summary["wrong_answer"] == 0
        and summary["unexpected_error"] == 0
        and all(row["identical"] for row in summary.get("twins", []))
        and not summary["problems"]
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m genmodels.loadtest",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="an app already running on this machine (loopback only)")
    where.add_argument("--launch", action="store_true", help="start app.py on a free loopback port for the test")
    parser.add_argument(
        "--weights", type=Path, default=REPO / "weights", help="weights folder for --launch (default: ./weights)"
    )
    parser.add_argument("--pid", type=int, help="the server's process id (default: found from the port)")
    parser.add_argument(
        "--clients", type=int, default=20, help="simulated visitors, one thread and Client each (default 20)"
    )
    parser.add_argument("--requests", type=int, default=25, help="requests per visitor (default 25)")
    parser.add_argument(
        "--bad-fraction", type=float, default=0.2, help="share of deliberately bad requests (default 0.2)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the request mix (default 0)")
    parser.add_argument(
        "--max-seconds", type=float, default=300.0, help="no new request after this many seconds (default 300)"
    )
    parser.add_argument(
        "--real-weights",
        action="store_true",
        help="also check quality (reconstruction PSNR); implied by --launch with complete ./weights",
    )
    parser.add_argument("--out", type=Path, help="write the summary as JSON here")
    options = parser.parse_args(argv)

    def report(summary):
        print(format_table(summary))
        if options.out:
            options.out.write_text(json.dumps(summary, indent=2, default=str))
            print(f"wrote {options.out}")
        verdict = passed(summary)
        print("PASS" if verdict else "FAIL")
        return 0 if verdict else 1

    common = {
        "clients": options.clients,
        "requests": options.requests,
        "bad_fraction": options.bad_fraction,
        "seed": options.seed,
        "max_seconds": options.max_seconds,
    }
    if options.url:
        try:
            require_loopback(options.url)
        except ValueError as error:
            parser.error(str(error))  # exits 2 with the usage line
        return report(load_test(options.url, pid=options.pid, real_weights=options.real_weights, **common))
    workdir = Path(tempfile.mkdtemp(prefix="genmodels-loadtest-app-"))
    try:
        real = options.real_weights or _complete(options.weights)
        print(f"starting app.py with {options.weights} ...", flush=True)
        with launched_app(options.weights, workdir) as (url, pid):
            print(f"app at {url} (pid {pid}); {options.clients} visitors x {options.requests} requests", flush=True)
            return report(load_test(url, pid=pid, real_weights=real, **common))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _complete(weights: Path) -> bool:
    """True when the autoencoders the quality check uses are trained in `weights`."""
    return all((Path(weights) / name / "model.safetensors").is_file() for name in ("ae", "dae", "sparse_ae", "vae"))


if __name__ == "__main__":
    sys.exit(main())
