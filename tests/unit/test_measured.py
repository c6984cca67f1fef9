"""The quality tables each tab shows, read from weights/metrics.json: human names, 3 significant figures, units
and arrows in the headers, only the columns and rows that were measured."""

from __future__ import annotations

import json
import re

import pytest

from genmodels.ui.components.measured import metrics_markdown, quality_frames, significant

RESULT = {
    "quick": False,
    "models": {
        "vae": {"FD": 12.5, "recon PSNR": 19.71234567, "classes covered": 10},
        "dcgan": {"FD": 8.25, "classes covered": 9},
        "diffusion": {"sampler": "DDIM-50, η = 1", "FD": 3.0, "anomaly AUROC": 0.61234},
    },
}


@pytest.mark.parametrize(
    "value, text",
    [
        (131.222, "131"),
        (0.4633, "0.463"),
        (0.0304, "0.0304"),
        (3250.98, "3250"),
        (16.7284, "16.7"),
        (-0.00122364 * 1000, "-1.22"),
        (99.96, "100"),  # rounding adds a digit: still 3 significant figures, no "100.0"
        (0.0, "0"),
        (10, "10"),  # integers (counts) stay whole
        (None, "–"),
        (float("nan"), "–"),
        (True, "–"),
    ],
)
def test_three_significant_figures(value, text):
    assert significant(value) == text


def test_tables_name_models_like_people_and_keep_the_asked_order():
    frames = quality_frames(RESULT, models=("diffusion", "vae", "beta_vae"))  # beta_vae not measured: left out
    samples, tasks = frames["samples"], frames["tasks"]
    # no generation section: sample quality falls back on the summary, and says which sampler diffusion used
    assert samples.iloc[:, 0].tolist() == ["VAE", "diffusion (DDIM-50, η = 1)"]
    assert list(samples.columns) == ["model", "FD\u00a0↓", "classes covered (of 10)\u00a0↑"]
    assert samples.iloc[0].tolist() == ["VAE", "12.5", "10"]
    assert tasks.iloc[:, 0].tolist() == ["VAE", "diffusion"]  # the tabs' order: AE, VAE, GAN, diffusion
    assert list(tasks.columns) == ["model", "reconstruction PSNR (dB)\u00a0↑", "anomaly AUROC\u00a0↑"]
    assert tasks.iloc[0].tolist() == ["VAE", "19.7", "–"] and tasks.iloc[1].tolist() == ["diffusion", "–", "0.612"]
    assert quality_frames(RESULT, models=("ae",)) == {}


def test_markdown_per_tab_in_both_languages_and_the_quick_warning(tmp_path):
    (tmp_path / "metrics.json").write_text(json.dumps(RESULT))
    lines = metrics_markdown(tmp_path, models=("dcgan",)).splitlines()
    assert lines[0].startswith("**Sample quality")
    assert lines[2] == "| model | FD\u00a0↓ | classes covered (of 10)\u00a0↑ |" and lines[4] == "| DCGAN | 8.25 | 9 |"
    assert len(lines) == 5  # DCGAN has no reconstruction, denoising or anomaly numbers here: no second table

    class Korean:
        headers = {"accept-language": "ko-KR,ko;q=0.9"}

    korean = metrics_markdown(tmp_path, Korean(), models=("vae",))
    assert "| 모델 | FD\u00a0↓ | 덮은 클래스 수 (10개 중)\u00a0↑ |" in korean and "복원 PSNR (dB)\u00a0↑" in korean
    (tmp_path / "metrics.json").write_text(json.dumps({**RESULT, "quick": True}))
    assert "--quick" in metrics_markdown(tmp_path, models=("dcgan",))
    assert "has no numbers for ae" in metrics_markdown(tmp_path, models=("ae",))
    assert "python -m genmodels.measure.evaluate" in metrics_markdown(tmp_path / "nowhere")


def test_the_shipped_tables_are_readable(shipped_metrics):
    text = metrics_markdown(shipped_metrics)
    headers = [line for line in text.splitlines() if line.startswith("| model |")]
    assert len(headers) == 2  # sample quality, then the other tasks
    for line in headers:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) <= 7  # the old table had 13 columns
        assert all(cell.endswith(("↓", "↑")) for cell in cells[1:]), cells  # which way is better, every column
    assert not re.search(r"\b(real_train|wgan_gp|ae_gmm|beta_vae|sparse_ae)\b", text)  # no internal names
    for number in re.findall(r"(?<=\| )-?\d[\d.]*(?= \|)", text):
        digits = number.lstrip("-").replace(".", "").lstrip("0")
        assert len(digits) <= 4 and (len(digits) <= 3 or "." not in number), number  # 3 s.f. (3250 is 3 s.f.)


@pytest.fixture
def shipped_metrics():
    from pathlib import Path

    weights = Path(__file__).resolve().parents[2] / "weights"
    if not (weights / "metrics.json").is_file():
        pytest.skip("no shipped weights/metrics.json")
    return weights


def test_the_anomaly_tab_sets_the_raw_scores_beside_the_corrected_one(shipped_metrics, tmp_path):
    """The Anomaly tab's measured table: one row per OOD set and "all", the raw likelihoods' AUROC then the
    complexity-corrected one's, as metrics.json has them, in the visitor's language."""
    from genmodels.ui.tabs.anomaly.view import AUROC_COLUMNS, auroc_frame, auroc_markdown

    metrics = json.loads((shipped_metrics / "metrics.json").read_text())
    frame = auroc_frame(metrics, "en")
    sets = [*metrics["anomaly"]["ood_sets"], "all"]
    assert len(frame) == len(sets) and list(frame.columns)[-1] == "−log₂ p(x) − L(x) (corrected)\u00a0↑"
    digits = frame.iloc[sets.index("digits")].tolist()
    assert digits[0] == "digits"
    for (score, _), cell in zip(AUROC_COLUMNS, digits[1:]):
        assert cell == significant(metrics["anomaly"]["scores"][score]["sets"]["digits"]["auroc"]), score
    assert float(digits[-1]) > 0.95 > 0.5 > float(digits[1])  # corrected vs the raw -ELBO (0.997 vs 0.205 measured)

    class Korean:
        headers = {"accept-language": "ko-KR,ko;q=0.9"}

    korean = auroc_markdown(shipped_metrics, Korean())
    assert "| 분포 밖 세트 |" in korean and "| 숫자 |" in korean and "(보정)\u00a0↑ |" in korean
    assert "genmodels.measure.evaluate --sections anomaly" in auroc_markdown(tmp_path)  # no metrics.json yet
