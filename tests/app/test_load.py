"""A short version of the load test (tools/loadtest/) against the launched app, plus its own pieces.

4 visitors x 5 requests, a fifth of them bad, all at once, each visitor with its own gradio_client.Client:
no request lost, no wrong answer, errors only (and always) for the bad inputs, and the same seeded request
sent by two visitors at the same instant gives identical images. The full run (20 x 25) is
`python -m tools.loadtest --launch`; its figures are in the README.
"""

from __future__ import annotations

import os
import random

import numpy as np
import pytest
import torch

from tests.support.app_server import shared_app
from tests.support.uploads import write_upload_cases
from tools import loadtest

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def app() -> dict:
    if os.environ.get("GENMODELS_TEST_URL"):  # an app already started on this machine
        return {"url": loadtest.require_loopback(os.environ["GENMODELS_TEST_URL"]), "weights": None, "real": False}
    return shared_app()


@pytest.fixture(scope="module")
def summary(app, tmp_path_factory) -> dict:
    return loadtest.load_test(
        app["url"],
        clients=4,
        requests=5,
        bad_fraction=0.2,
        seed=1,
        max_seconds=120,
        real_weights=bool(app.get("real")),
        workdir=tmp_path_factory.mktemp("load"),
        probe=bool(app.get("real")),  # random test weights hold every model: nothing to probe for
    )


def test_no_request_is_lost_and_every_answer_is_right(summary):
    print("\n" + loadtest.format_table(summary))
    assert summary["planned"] == summary["sent"] == 20, "requests were not sent before the deadline"
    assert summary["lost"] == 0
    assert summary["wrong_answer"] == 0, summary["problems"]
    assert summary["unexpected_error"] == 0, summary["problems"]
    assert summary["queue_full"] == 0  # 4 visitors are far below the queue's 64 places
    assert summary["ok"] == summary["good_requests"] > 0
    assert summary["expected_error"] == summary["bad_requests"] > 0  # errors only, and always, for bad inputs
    assert loadtest.passed(summary)


def test_the_mix_covers_the_endpoints(summary):
    assert len(summary["endpoints"]) >= 5
    assert summary["throughput_rps"] > 0 and 0 < summary["p50_s"] <= summary["p95_s"]


def test_same_seed_requests_at_the_same_instant_give_identical_images(summary):
    twins = summary["twins"]
    assert {row["request"].split("[")[0] for row in twins} == {
        "/vae_sample",
        "/gan_sample",
        "/diffusion_sample",
        "/denoise",
    }
    assert all(row["statuses"] == ["ok", "ok"] for row in twins), twins
    assert all(row["identical"] for row in twins), twins


def test_server_memory_is_measured_and_bounded(summary):
    memory = summary["memory_mb"]
    if memory["pid"] is None:
        pytest.skip("the server process could not be found from its port")
    assert 50 < memory["before"] <= memory["peak"]
    assert memory["after"] - memory["before"] < 300, memory  # 20 small requests must not grow it by 300 MiB


# -- the pieces, without a server ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://8.8.8.8:7860/", "http://10.0.0.1/", "http://[2001:db8::1]:80/", "ftp://127.0.0.1/", "127.0.0.1:7860"],
)
def test_only_loopback_urls_are_accepted(url):
    with pytest.raises(ValueError):
        loadtest.require_loopback(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:7860", "http://localhost:7860/", "http://[::1]:7860/"])
def test_loopback_urls_are_accepted(url):
    assert loadtest.require_loopback(url).endswith("/")


def test_the_command_line_refuses_a_remote_server(capsys):
    with pytest.raises(SystemExit) as exit_:
        loadtest.main(["--url", "http://8.8.8.8:7860/", "--clients", "1", "--requests", "1"])
    assert exit_.value.code == 2 and "only loopback addresses are allowed" in capsys.readouterr().err


def test_percentiles():
    values = [float(v) for v in range(1, 101)]
    assert loadtest.percentile(values, 50) == pytest.approx(50.5)
    assert loadtest.percentile(values, 95) == pytest.approx(95.05)
    assert loadtest.percentile([], 50) is None


def test_the_plan_is_seeded_and_mixes_bad_requests(tmp_path):
    cases = write_upload_cases(tmp_path)
    options = loadtest.all_options()
    first = loadtest.plan(random.Random(3), 400, 0.2, cases, options)
    again = loadtest.plan(random.Random(3), 400, 0.2, cases, options)
    assert [r.key() for r in first] == [r.key() for r in again]
    bad = [r for r in first if r.bad]
    assert 0.15 < len(bad) / len(first) < 0.25
    assert all(r.error_words for r in bad)
    assert {r.endpoint for r in first} == set(loadtest.ENDPOINT_WEIGHTS)
    # requests repeat across the plan, so identical requests from different visitors get compared
    keys = [r.key() for r in first if not r.bad]
    assert len(set(keys)) < len(keys)


def test_pixels_reads_only_exact_upscales(tmp_path):
    from PIL import Image

    small = np.random.default_rng(0).integers(0, 256, (28, 28), dtype=np.uint8)
    Image.fromarray(np.kron(small, np.ones((8, 8), np.uint8))).save(tmp_path / "exact.png")
    assert np.array_equal(loadtest.pixels(tmp_path / "exact.png"), small)
    Image.fromarray(small).resize((224, 224), Image.Resampling.BILINEAR).save(tmp_path / "smooth.png")
    with pytest.raises(AssertionError, match="nearest-neighbour"):
        loadtest.pixels(tmp_path / "smooth.png")


def test_an_error_names_an_argument_only_as_a_whole_word():
    assert loadtest.error_names("n must be in [1, 64], got 1000000", ("n",))
    assert not loadtest.error_names("Value 1000000 is greater than maximum value 64.", ("n",))  # "than" is not "n"
    assert loadtest.error_names("image: page.png is not an image PIL can read; it looks like HTML", ("html",))
    assert not loadtest.error_names("", ("n",))


def test_the_same_picture_for_many_visitors_at_once_arrives_intact(app):
    """Eight visitors ask for the same sheet of 16 samples at the same moment, five times each, and read it.
    Gradio writes an output to a path named by its content hash; a rewrite while another visitor downloads the
    same file must not hand out an empty or cut-off picture."""
    import threading

    import httpx
    from gradio_client import Client

    failures, pictures, barrier = [], [], threading.Barrier(8)

    def visitor():
        client = Client(
            app["url"], verbose=False, download_files=False, httpx_kwargs={"timeout": httpx.Timeout(60.0, read=120.0)}
        )
        http = httpx.Client(timeout=30)
        barrier.wait()
        for _ in range(5):
            sheet = client.predict(16, 0, "dcgan", 1.0, api_name="/gan_sample")
            try:
                response = http.get(sheet["url"])
                response.raise_for_status()
                pictures.extend(tile.tobytes() for tile in loadtest.sheet_pixels(response.content))
            except Exception as error:  # noqa: BLE001 - every failure is collected and reported
                failures.append(f"{type(error).__name__}: {str(error)[:100]}")

    threads = [threading.Thread(target=visitor) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [], f"{len(failures)} of 40 downloads failed: {failures[:3]}"
    assert len(pictures) == 8 * 5 * 16 and len(set(pictures)) == 16  # the same 16 pictures every time
