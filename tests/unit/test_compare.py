"""The Compare tab's pieces without a browser: human names for every row of the shipped metrics.json, the three
plots' frames (every figure read from metrics.json), and the latency table's headers and numbers."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from genmodels.ui.components.measured import significant
from genmodels.ui.components.plots import ddim_steps_frame, guidance_frame, speed_quality_frame
from genmodels.ui.components.suite import GAIN_COLUMNS, SUITE_COMMAND, gain_bars
from genmodels.ui.names import color, diffusion_sampler, family, has_name, model_name
from genmodels.ui.tabs.compare.view import AXES, guidance_plot, latency_frame, speed_plot, steps_plot, titles

METRICS = Path(__file__).resolve().parents[2] / "weights" / "metrics.json"


@pytest.fixture(scope="module")
def shipped():
    if not METRICS.is_file():
        pytest.skip("no shipped weights/metrics.json")
    return json.loads(METRICS.read_text())


def test_names_that_people_use():
    assert model_name("wgan_gp") == "WGAN-GP" and model_name("ae_gmm") == "AE + GMM"
    assert model_name("real_train") == "real train images (floor)"
    assert model_name("diffusion_ddim50_eta1") == "DDIM-50, η = 1"
    assert model_name("diffusion_ddim10") == "DDIM-10, η = 0"  # η = 0 said, so the two lines read apart
    assert model_name("diffusion_ddpm1000") == "DDPM-1000"
    assert model_name("real_train", "ko") == "실제 학습 이미지 (하한)" and model_name("vae2d", "ko") == "2차원 VAE"
    assert model_name("new_model") == "new model" and not has_name("new_model")  # unknown: readable, flagged
    assert diffusion_sampler("diffusion_ddim25_eta0.5") == {"sampler": "DDIM", "steps": 25, "eta": 0.5}
    assert diffusion_sampler("diffusion_ddpm1000")["eta"] is None and diffusion_sampler("dcgan") is None
    assert [family(k) for k in ("ae_gmm", "beta_vae", "wgan_gp", "diffusion_ddim10", "real_train")] == [
        "AE",
        "VAE",
        "GAN",
        "diffusion",
        "data",
    ]


def test_every_row_of_the_shipped_metrics_has_a_human_name_and_a_family(shipped):
    keys = set(shipped["generation"]["rows"]) | set(shipped["models"]) | set(shipped["reconstruction"]["rows"])
    assert {"real_train", "wgan_gp", "ae_gmm", "diffusion_ddim50_eta1"} <= keys
    for key in keys:
        assert has_name(key), key
        assert family(key), key
        for lang in ("en", "ko"):
            name = model_name(key, lang)
            assert name and "_" not in name, (key, name)


def test_quality_against_speed_has_one_point_per_timed_row(shipped):
    frame, colors = speed_quality_frame(shipped)
    rows = shipped["generation"]["rows"]
    timed = [key for key, row in rows.items() if row.get("seconds_per_image")]
    assert len(frame) == len(timed) >= 13 and "real_train" not in timed  # the floor takes no time: no point
    model, log_ms, fd, ms, samples = frame.columns
    by_name = frame.set_index(model)
    for key in timed:
        point = by_name.loc[model_name(key)]
        assert point[fd] == rows[key]["fid"]  # read from metrics.json, not typed
        assert math.isclose(10 ** point[log_ms], 1000 * rows[key]["seconds_per_image"])
        assert point[samples] == rows[key]["n_samples"]
        assert point[ms] == significant(1000 * rows[key]["seconds_per_image"])  # the tooltip: 3 significant figures
    assert set(colors) == set(frame[model]) and len(set(colors.values())) == len(colors)  # one colour each
    assert color("dcgan") != color("wgan_gp")


def test_guidance_plot_reads_the_guidance_section(shipped):
    frame = guidance_frame(shipped)
    w, share, which = frame.columns
    scales = shipped["guidance"]["scales"]
    assert sorted(set(frame[w])) == sorted(entry["guidance_scale"] for entry in scales.values())
    mean = frame[frame[which] == "mean"].set_index(w)[share]
    worst = frame[frame[which] == "min"].set_index(w)[share]
    for entry in scales.values():
        assert mean[entry["guidance_scale"]] == pytest.approx(100 * entry["accuracy"], abs=0.05)
        assert worst[entry["guidance_scale"]] == pytest.approx(100 * entry["min_class_accuracy"], abs=0.05)


def test_ddim_steps_plot_has_a_line_per_eta(shipped):
    frame = ddim_steps_frame(shipped)
    steps, fd, sampler = frame.columns  # steps, FD, "η = 0" | "η = 1"
    assert set(frame[sampler]) == {"η = 0", "η = 1"}
    rows = shipped["generation"]["rows"]
    for _, point in frame.iterrows():
        key = f"diffusion_ddim{point[steps]}" + ("_eta1" if point[sampler] == "η = 1" else "")
        assert point[fd] == rows[key]["fid"]
    assert sorted(frame[frame[sampler] == "η = 1"][steps]) == sorted(shipped["settings"]["ddim_steps"])


def test_every_plotted_series_has_its_colour(shipped):
    plots = ((speed_plot(shipped), "model"), (guidance_plot(shipped), "classes"), (steps_plot(shipped), "eta"))
    for props, series in plots:
        assert set(props["color_map"]) == set(props["value"][series]), series
    assert all(len(plot({})["value"]) == 0 for plot in (speed_plot, guidance_plot, steps_plot))  # no metrics.json


def test_axis_titles_say_their_units_and_which_way_is_better_in_both_languages():
    for lang in ("en", "ko"):
        speed, guidance, steps, suite = (titles(plot, lang) for plot in ("speed", "guidance", "steps", "suite"))
        assert speed["y_title"].endswith("↓") and speed["x_title"].endswith("↓") and "log₁₀" in speed["x_title"]
        assert guidance["y_title"].endswith("(%) ↑") and steps["y_title"] == "FD ↓"
        assert suite["y_title"].endswith("(dB) ↑")
    assert all(titles(plot, "ko") != titles(plot, "en") for plot in AXES)  # every plot is titled in both
    assert (
        titles("speed", "ko")["x_title"].startswith("이미지당 ms")
        and titles("steps", "ko")["x_title"] == "DDIM 스텝 수"
    )


def test_latency_table_has_real_headers_and_numbers():
    frame = latency_frame([("ae", "AE", 48.123, 8), ("diffusion", "DDIM-25, η = 0", 1661.7, 8)], "en")
    assert list(frame.columns) == ["family", "model", "ms, this request\u00a0↓", "ms per image\u00a0↓"]
    assert frame.iloc[0].tolist() == ["autoencoder", "AE", 48.1, 6.02]
    assert frame.iloc[1].tolist()[2:] == [1660.0, 208.0]  # 3 significant figures
    missing = latency_frame([("dcgan", "DCGAN: not available", None, 0)], "ko")
    assert list(missing.columns)[:2] == ["계열", "모델"] and missing.iloc[0].tolist()[0] == "GAN"
    assert all(not str(column).strip().isdigit() for column in latency_frame([], "en").columns)


def test_the_suite_plot_has_a_bar_per_method_and_degradation_grouped_by_degradation(shipped):
    if "degradations" not in shipped:
        pytest.skip("the degradation suite is not measured in the shipped metrics.json")
    bars = gain_bars(shipped)
    results = shipped["degradations"]["results"]
    methods = [m for m in results["gaussian"]["medium"] if m != "degraded input"]
    assert len(bars) == len(results) * len(methods) and bars["bar"].is_unique  # a bar of its own: none stacked
    assert list(dict.fromkeys(bars["degradation"])) == list(results)  # grouped, in the suite's order
    blind = bars.set_index("bar").loc["blur · blind denoiser"]
    assert blind["gain_db"] == round(results["blur"]["medium"]["blind"]["gain_db"], 2)  # read, not typed
    assert {"BM3D", "non-local means", "median filter"} <= set(bars["method"])


def test_the_suite_plot_is_empty_and_names_its_command_before_the_suite_is_measured():
    from genmodels.ui.i18n import TEMPLATES

    assert gain_bars({}).empty and gain_bars(None).empty and list(gain_bars({}).columns) == list(GAIN_COLUMNS)
    assert all(SUITE_COMMAND in TEMPLATES[lang]["suite_not_measured"] for lang in ("en", "ko"))
