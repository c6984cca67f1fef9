"""Issue 6's bad-input matrix against the launched app (loopback), through gradio_client as visitors call it.

Every image endpoint of API.md gets every kind of upload (tests/support/uploads.py: write_upload_cases): the good
ones must give a valid result (and the lossless re-encodings of the same pixels exactly the PNG's result),
the bad ones an error whose message names the input and the problem. Every numeric and choice input gets
out-of-range, NaN, negative, huge and wrong-typed values and unknown names: an error naming the argument,
returned fast (no work done: n = 10**6 or steps = 10**9 would take minutes to hours if they ran). After
every bad request the next request on the same endpoint works.

The requests run once per module, a few clients in parallel (the matrix fixture); each parametrised test
then checks one recorded outcome, so a failure names its endpoint and case. The app serves tiny random
models unless weights/ is fully trained (tests/support/app_server.py); nothing here depends on training.
"""

from __future__ import annotations

import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
import torch
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from tests.support.app_server import shared_app
from tests.support.arguments import BAD_ARGUMENTS, IMAGE, IMAGE_ENDPOINTS
from tests.support.uploads import write_upload_cases
from tools.loadtest import error_names, fingerprint, read_answer, require_loopback, rest_call, rest_upload

torch.set_num_threads(1)

# The target is about a second per request on an idle machine (measured: see the README). The bound only
# catches hangs and work done on bad input (n = 10**6 or steps = 10**9 would run for minutes to hours), and
# is generous because CI machines are shared; the figures are printed at the end (pytest -s).
LIMIT_S = 10.0
PARALLEL_CLIENTS = 2  # the app runs 2 model calls at once on a CPU: a third client would only wait in the queue
CASES_DIR_NAME = "uploads"


@dataclass
class Outcome:
    ok: bool
    seconds: float
    answer: dict | None = None  # read_answer() of a result
    message: str = ""  # the error message
    problem: str = ""  # an invalid result (not a valid output image)


# -- how each endpoint is called with one upload ---------------------------------------------------------


def upload_args(endpoint: str, upload, other):
    """The endpoint's inputs with `upload` as its (first) image; `other` is a good second image."""
    return {
        "/reconstruct": (upload, "ae"),
        "/denoise": (upload, 0.3, "dae", 1),
        "/interpolate": (upload, other, "ae", 4, "linear"),
        "/anomaly": (upload, "ae"),
        "/forward_noise": (upload, 300),
        "/transfer_predict": (upload,),  # its image is its only input: no bad arguments, only bad uploads
        "/nearest_training": (upload, 0),
    }[endpoint]


GOOD_CALLS = {  # a cheap valid request per endpoint: "the next request works"
    "/reconstruct": lambda png: (png, "ae"),
    "/denoise": lambda png: (png, 0.3, "dae", 1),
    "/interpolate": lambda png: (png, png, "ae", 4, "linear"),
    "/anomaly": lambda png: (png, "ae"),
    "/forward_noise": lambda png: (png, 300),
    "/vae_sample": lambda png: (2, 1, 1.0),
    "/gan_sample": lambda png: (2, 1, "dcgan", 1.0),
    "/diffusion_sample": lambda png: ("Trouser", 2.0, "DDIM", 2, 0.0, 1, 1),
    "/ae_gmm_sample": lambda png: (2, 1, 1.0),
    "/ae_normal_sample": lambda png: (2, 1, 1.0),
    "/vae_traverse": lambda png: (png, "vae", 1, 3, 2.0),
    "/training_curves": lambda png: ("vae",),
    "/training_samples": lambda png: ("vae", 3),
    "/overfit_samples": lambda png: (10,),
    "/nearest_training": lambda png: (png, 0),
    "/lab_gan": lambda png: ("ring", "non_saturating", 20, 0, False, False, 0, 0.0, 0.0, False),
}
SECOND_IMAGE_CASES = ("html_as_png", "empty_file", "no_image")  # /interpolate's image_b gets these too


# -- running the matrix once per module ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def app() -> dict:
    # GENMODELS_TEST_URL: run against an app already started on this machine (a quicker edit-test loop)
    if os.environ.get("GENMODELS_TEST_URL"):
        return {"url": require_loopback(os.environ["GENMODELS_TEST_URL"]), "weights": None}
    return shared_app()


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> dict:
    return write_upload_cases(tmp_path_factory.mktemp(CASES_DIR_NAME))


def interleaved(cases: dict) -> list:
    """The reference PNG first, then bad and good cases alternately (more good than bad), so every bad
    upload is followed by a good one on the same client and endpoint."""
    good = [c for c in cases.values() if not c.bad and c.name != "png"]
    bad = [c for c in cases.values() if c.bad]
    order = [cases["png"]]
    while good or bad:
        if bad:
            order.append(bad.pop(0))
        if good:
            order.append(good.pop(0))
    assert not order[-1].bad
    return order


@pytest.fixture(scope="module")
def matrix(app, cases) -> dict:
    """Every request of the module, run once -> {key: Outcome}. Keys: (endpoint, case name) for uploads,
    (endpoint, "image_b", case name), ("args", bad argument name), (endpoint, "after", what) for the good
    request that follows bad ones."""
    url = app["url"]
    local = threading.local()
    results = {}

    def client() -> Client:
        # Output files are fetched after the answer, on one keep-alive connection per thread, so the measured
        # time is the app's answer and not gradio_client's one-connection-per-file downloads.
        if not hasattr(local, "client"):
            local.client = Client(url, verbose=False, download_files=False)
            local.http = httpx.Client(timeout=30)
        return local.client

    def fetch(file_url: str) -> bytes:
        response = local.http.get(file_url)
        response.raise_for_status()
        return response.content

    def file(case):
        return handle_file(str(case.path)) if case.path else None

    png = handle_file(str(cases["png"].path))

    def call(key, endpoint, args):
        start = time.perf_counter()
        try:
            result = client().predict(*args, api_name=endpoint)
        except AppError as error:
            results[key] = Outcome(False, time.perf_counter() - start, message=str(error))
            return
        except Exception as error:  # noqa: BLE001 - a client-side failure fails its own test, not the module
            results[key] = Outcome(
                False, time.perf_counter() - start, message=f"client error {type(error).__name__}: {error}"
            )
            return
        seconds = time.perf_counter() - start
        try:
            results[key] = Outcome(True, seconds, answer=read_answer(endpoint, result, fetch=fetch))
        except Exception as error:  # noqa: BLE001 - not a valid output image, or not readable
            results[key] = Outcome(True, seconds, problem=f"{type(error).__name__}: {error}")

    def rest(key, endpoint, args):
        start = time.perf_counter()
        data = [rest_upload(url, cases["png"].path) if a == IMAGE else a for a in args]
        status, payload = rest_call(url, endpoint, data)
        results[key] = Outcome(status == "complete", time.perf_counter() - start, message=str(payload))

    def upload_job(endpoint):
        previous = None
        for case in interleaved(cases):
            call((endpoint, case.name), endpoint, upload_args(endpoint, file(case), png))
            if previous is not None and previous.bad:
                results[(endpoint, "after", previous.name)] = results[(endpoint, case.name)]
            previous = case
        if endpoint == "/interpolate":
            for name in SECOND_IMAGE_CASES:
                call((endpoint, "image_b", name), endpoint, (png, file(cases[name]), "ae", 4, "linear"))
                call((endpoint, "after", f"image_b {name}"), endpoint, GOOD_CALLS[endpoint](png))

    def argument_job(endpoint):
        # Every bad argument fails the same way (validation, then a gr.Error), so one good request after the
        # endpoint's bad ones shows the app still answers it.
        for bad in [b for b in BAD_ARGUMENTS if b.endpoint == endpoint]:
            if bad.needs_raw_json:
                rest(("args", bad.name), endpoint, bad.args)
            else:
                call(("args", bad.name), endpoint, tuple(png if a == IMAGE else a for a in bad.args))
        call((endpoint, "after", "bad arguments"), endpoint, GOOD_CALLS[endpoint](png))

    jobs = [(upload_job, e) for e in IMAGE_ENDPOINTS] + [(argument_job, e) for e in GOOD_CALLS]
    start = time.perf_counter()
    with ThreadPoolExecutor(PARALLEL_CLIENTS) as pool:
        for future in [pool.submit(job, endpoint) for job, endpoint in jobs]:
            future.result()
    wall = time.perf_counter() - start
    yield results
    good = sorted(o.seconds for k, o in results.items() if o.ok)
    bad = sorted(o.seconds for k, o in results.items() if not o.ok)
    print(
        f"\nbad-input matrix: {len(results)} outcomes in {wall:.1f} s with {PARALLEL_CLIENTS} clients; "
        f"results p50 {good[len(good) // 2]:.2f} s max {good[-1]:.2f} s; "
        f"errors p50 {bad[len(bad) // 2]:.2f} s max {bad[-1]:.2f} s"
    )


def _ids(cases_list):
    return [f"{endpoint}-{name}" for endpoint, name in cases_list]


def _case_names() -> list[str]:
    """The matrix's case names, known at collection time without writing any file."""
    return [
        "png", "jpeg", "webp", "bmp", "gif_animated", "rgba", "rgba_cutout", "palette", "gray16", "bit1",
        "exif_rotated", "tiny_1x1", "photo_6000x4000", "decompression_bomb", "oversized_64mp", "truncated_jpeg",
        "html_as_png", "zip_as_png", "empty_file", "no_image",
    ]  # fmt: skip


UPLOAD_MATRIX = [(endpoint, name) for endpoint in IMAGE_ENDPOINTS for name in _case_names()]


def test_the_case_list_matches_the_corpus(cases):
    assert list(cases) == _case_names()


# -- uploads ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("endpoint", "name"), UPLOAD_MATRIX, ids=_ids(UPLOAD_MATRIX))
def test_upload(matrix, cases, endpoint, name):
    case, outcome = cases[name], matrix[(endpoint, name)]
    assert outcome.seconds < LIMIT_S, f"{endpoint} took {outcome.seconds:.2f} s for {name}"
    if case.bad:
        assert not outcome.ok, f"{endpoint} accepted {name}"
        # the message names the input and the problem, and is a sentence, not a stack trace
        image_input = "image_a" if endpoint == "/interpolate" else "image"
        assert outcome.message.startswith(f"{image_input}: "), outcome.message
        assert error_names(outcome.message, case.error), f"{name}: {outcome.message!r} names none of {case.error}"
        assert "Traceback" not in outcome.message and len(outcome.message) < 400
        # ... and the next request on the same endpoint works
        after = matrix[(endpoint, "after", name)]
        assert after.ok and not after.problem, f"after {name}: {after.message or after.problem}"
    else:
        assert outcome.ok, f"{endpoint} refused {name}: {outcome.message}"
        assert not outcome.problem, outcome.problem
        answer = outcome.answer
        expected_images = {
            "/reconstruct": 2, "/denoise": 2, "/interpolate": 4, "/anomaly": 0, "/forward_noise": 1,
            "/transfer_predict": 0, "/nearest_training": 7,
        }[endpoint]  # fmt: skip
        assert len(answer["images"]) == expected_images
        assert all(math.isfinite(x) for x in answer["numbers"])
        if case.same_as:  # the same pixels in another container: exactly the same result
            reference = matrix[(endpoint, case.same_as)]
            assert fingerprint(answer) == fingerprint(reference.answer), (
                f"{name} gives another result than {case.same_as}"
            )


@pytest.mark.parametrize("name", SECOND_IMAGE_CASES)
def test_interpolate_names_its_second_image(matrix, cases, name):
    outcome = matrix[("/interpolate", "image_b", name)]
    assert not outcome.ok and outcome.message.startswith("image_b: "), outcome.message
    assert error_names(outcome.message, cases[name].error) and outcome.seconds < LIMIT_S
    assert matrix[("/interpolate", "after", f"image_b {name}")].ok


def test_exif_rotation_is_applied(cases, matrix):
    """The EXIF case stores the garment turned 90 degrees; only applying the tag gives the PNG's result."""
    from PIL import Image

    stored = Image.open(cases["exif_rotated"].path)
    assert stored.getexif()[0x0112] == 8 and stored.size == (28, 28)
    assert fingerprint(matrix[("/forward_noise", "exif_rotated")].answer) == fingerprint(
        matrix[("/forward_noise", "png")].answer
    )


def test_the_bomb_and_the_photo_are_what_they_claim(cases):
    """The corpus is honest: the bomb's header says 900 megapixels in a ~110 kB file, the photo is 6000x4000."""
    from PIL import Image

    bomb = cases["decompression_bomb"].path
    assert bomb.stat().st_size < 200_000
    with open(bomb, "rb") as handle:
        header = handle.read(24)
    assert int.from_bytes(header[16:20], "big") * int.from_bytes(header[20:24], "big") == 900_000_000
    assert Image.open(cases["photo_6000x4000"].path).size == (6000, 4000)
    assert Image.open(cases["gif_animated"].path).n_frames == 2


# -- numbers and choices ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", BAD_ARGUMENTS, ids=[b.name for b in BAD_ARGUMENTS])
def test_bad_argument_is_refused_fast_with_its_name(matrix, bad):
    outcome = matrix[("args", bad.name)]
    assert not outcome.ok, f"{bad.endpoint} accepted {bad.args}"
    assert error_names(outcome.message, bad.words), f"{outcome.message!r} does not name {bad.words}"
    assert "upstream Gradio app has raised an exception" not in outcome.message
    # no work done: the valid versions of the huge requests would run for minutes to hours
    assert outcome.seconds < LIMIT_S, f"{bad.name} took {outcome.seconds:.2f} s to be refused"
    after = matrix[(bad.endpoint, "after", "bad arguments")]
    assert after.ok and not after.problem, f"after the bad arguments: {after.message or after.problem}"


def test_every_endpoint_and_input_kind_is_covered():
    endpoints = {b.endpoint for b in BAD_ARGUMENTS}
    assert endpoints == set(GOOD_CALLS), endpoints ^ set(GOOD_CALLS)
    names = " ".join(b.name for b in BAD_ARGUMENTS)
    for kind in ("nan", "negative", "huge", "unknown", "string", "out_of_range"):
        assert kind in names, kind
