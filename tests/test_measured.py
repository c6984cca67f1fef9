"""The quality numbers each tab shows, read from weights/metrics.json."""

from __future__ import annotations

import json

from genmodels.ui.measured import metrics_markdown, metrics_table

RESULT = {
    "quick": False,
    "models": {
        "vae": {"FD": 12.5, "recon PSNR": 19.71234567, "classes covered": 10},
        "dcgan": {"FD": 8.25, "classes covered": 9},
        "diffusion": {"sampler": "DDIM-50", "FD": 3.0},
    },
}


def test_table_keeps_the_asked_models_in_order():
    table = metrics_table(RESULT, models=("diffusion", "vae", "beta_vae"))  # beta_vae not measured: left out
    assert table["model"].tolist() == ["diffusion", "vae"]
    assert table.loc[1, "recon PSNR"] == 19.7123
    assert table.loc[0, "sampler"] == "DDIM-50"
    assert metrics_table(RESULT)["model"].tolist() == ["vae", "dcgan", "diffusion"]
    assert metrics_table(RESULT, models=("ae",)) is None


def test_markdown_per_tab_and_the_quick_warning(tmp_path):
    (tmp_path / "metrics.json").write_text(json.dumps(RESULT))
    text = metrics_markdown(tmp_path, models=("dcgan",))
    lines = text.splitlines()
    assert lines[0] == "| model | FD | classes covered |" and lines[2] == "| dcgan | 8.25 | 9 |" and len(lines) == 3
    (tmp_path / "metrics.json").write_text(json.dumps({**RESULT, "quick": True}))
    assert "--quick" in metrics_markdown(tmp_path, models=("dcgan",))
    assert "has no numbers for ae" in metrics_markdown(tmp_path, models=("ae",))
    assert "python -m genmodels.evaluate" in metrics_markdown(tmp_path / "nowhere")
