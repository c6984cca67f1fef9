"""The sampler race as the app reads it (genmodels.ui.race): the default it supports, the sentence saying why,
the Compare tab's FD-against-NFE frame, and the race's row plan (genmodels.measure.quality.samplers).

Run: HF_HUB_OFFLINE=1 python -m pytest -q tests/unit/test_race.py
"""

from __future__ import annotations

import json

import pytest

from genmodels.diffusion.limits import SAMPLERS
from genmodels.measure.quality.samplers import race_row_key, race_runs
from genmodels.measure.quality.settings import QUICK, Settings
from genmodels.ui import i18n, race
from genmodels.ui.figures import choose, read_figures


def row(sampler, steps, fid, nfe=None, spacing="leading"):
    return {"sampler": sampler, "steps": steps, "spacing": spacing, "nfe": nfe or steps, "fid": fid, "n_samples": 1000}


SECTION = {
    "n": 1000,
    "rows": {
        race_row_key(*key[:2], key[-1]): row(*key)
        for key in [
            ("DDIM", 50, 6.0, 50, "leading"),  # the reference: within 10% means FD <= 6.6
            ("DDIM", 10, 9.0, 10, "leading"),
            ("DPM++ 2M", 10, 6.5, 10, "leading"),  # cheapest within 10%, tied on NFE with ...
            ("UniPC", 10, 6.4, 10, "trailing"),  # ... this one, whose FD is lower: chosen
            ("DPM++ 2M", 5, 7.0, 5, "leading"),  # cheaper, but 17% above
            ("Heun", 5, 7.5, 9, "leading"),  # counted calls, not steps: 9 NFE, and 25% above
        ]
    },
}


def test_the_default_is_the_fewest_network_calls_within_ten_percent_of_ddim_50():
    choice = race.default_choice(SECTION)
    assert (choice["sampler"], choice["steps"], choice["spacing"], choice["nfe"]) == ("UniPC", 10, "trailing", 10)
    assert (choice["fid"], choice["ref_fid"], choice["n"]) == (6.4, 6.0, 1000)
    assert race.app_default(SECTION) == ("UniPC", 10, "trailing")


@pytest.mark.parametrize("section", [None, {}, {"rows": {}}, {"rows": {"x": row("UniPC", 10, 1.0)}}])
def test_without_the_race_or_its_reference_the_tab_keeps_todays_default(section):
    assert race.default_choice(section) is None
    assert race.app_default(section) == race.REFERENCE == ("DDIM", 50, "leading")


def test_the_diffusion_tabs_sentence_says_what_metrics_json_says(tmp_path):
    (tmp_path / "metrics.json").write_text(json.dumps({"samplers": SECTION}))
    choices = choose(read_figures(tmp_path))
    variant, values = choices["default_sampler"]
    rendered = i18n.render(choices)
    expected = race.default_choice(SECTION)
    for code in ("en", "ko"):
        text = rendered[code]["diffusion_how"]
        assert f"{expected['sampler']}-{expected['steps']}" in text and expected["spacing"] in text
        assert f"{expected['fid']:.1f}" in text and f"{expected['ref_fid']:.1f}" in text and "10%" in text
    # without the race the sentence is left out, not claimed
    (tmp_path / "metrics.json").write_text(json.dumps({}))
    assert choose(read_figures(tmp_path))["default_sampler"] is None


def test_the_compare_frame_has_one_line_per_sampler_and_spacing_and_reuses_ddpm_1000():
    metrics = {
        "samplers": SECTION,
        "generation": {"rows": {"diffusion_ddpm1000": {"fid": 5.5, "n_samples": 200}}},
    }
    frame = race.fd_nfe_frame(metrics)
    assert set(frame["sampler"]) == {"DDIM", "DPM++ 2M", "UniPC, trailing", "Heun", "DDPM-1000"}
    assert frame[frame["sampler"] == "DPM++ 2M"]["nfe"].tolist() == [5, 10]  # a line: sorted by NFE
    assert frame[frame["sampler"] == "DDPM-1000"][["nfe", "fd", "N"]].values.tolist() == [[1000, 5.5, 200]]
    assert race.fd_nfe_frame({"generation": metrics["generation"]}).empty  # no race, no lone DDPM point


def test_the_race_plan_runs_every_sampler_and_the_spacing_contrast():
    runs = race_runs(Settings())
    assert len(runs) == len(set(runs))
    for sampler in SAMPLERS:
        assert {(s, k) for s, k, spacing in runs if s == sampler and spacing == "leading"} == {
            (sampler, k) for k in (5, 10, 20, 50)
        }
    trailing = {s for s, k, spacing in runs if spacing == "trailing"}
    assert {"DDIM", "DPM++ 2M", "UniPC"} <= trailing and "DPM++ 2M Karras" not in trailing  # Karras ignores it
    assert len(race_runs(Settings(**QUICK))) < len(runs)


def test_the_generation_sections_ddim_rows_join_the_race():
    """DDIM at η = 1 on the race's N is the same measurement in both sections: the race reads it from there
    (the reference DDIM-50 included) unless it has its own row."""
    metrics = {
        "generation": {"rows": {
            "diffusion_ddim50_eta1": {"fid": 5.7, "n_samples": 1000},
            "diffusion_ddim10_eta1": {"fid": 20.4, "n_samples": 1000},
            "diffusion_ddim50": {"fid": 6.0, "n_samples": 1000},  # η = 0: another sampler
            "diffusion_ddim25_eta1": {"fid": 9.0, "n_samples": 500},  # another N: not comparable
        }},
        "samplers": {"n": 1000, "rows": {"unipc_10_trailing": {
            "sampler": "UniPC", "steps": 10, "spacing": "trailing", "nfe": 10.0, "fid": 6.1, "n_samples": 1000}}},
    }  # fmt: skip
    section = race.race_section(metrics)
    assert sorted(section["rows"]) == ["ddim_10_leading", "ddim_50_leading", "unipc_10_trailing"]
    assert race.find_row(section, "DDIM", 50, "leading")["nfe"] == 50
    choice = race.default_choice(section)
    assert (choice["sampler"], choice["steps"], choice["ref_fid"]) == ("UniPC", 10, 5.7)
    assert race.race_section({"generation": metrics["generation"]}) == {}  # no race, no rows
