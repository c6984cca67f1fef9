"""The UI's text (genmodels/ui/i18n.py and the text modules it reads): both languages complete, no measured figure
typed into the prose, and every comparative sentence agrees with the measurements it quotes, for the shipped
weights/metrics.json and for fake figures in both orders (a retrained model that flips a comparison must flip the
sentence)."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from genmodels import registry
from genmodels.ui import claims, figures
from genmodels.ui import i18n as text

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"
CLAIMS = claims.CLAIMS


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def every_template():
    """(where, template) for every string of both languages, before the figures are filled in."""
    for source in text.SOURCES:
        for table in (getattr(source, "LABELS", {}), getattr(source, "PHRASES", {})):
            for key, pair in table.items():
                for code, template in pair.items():
                    yield f"{source.__name__}:{key}:{code}", template
    for name, variants in CLAIMS.items():
        for variant, languages in variants.items():
            for code, template in languages.items():
                yield f"claims:{name}/{variant}/{code}", template


# Strings that read the same in both languages: names with no word to translate (acronyms, symbols)
SAME_IN_BOTH = {"tab_vae", "tab_gan", "vae_beta1", "vae_beta4", "choice_vae", "x_t"}


def test_every_text_has_both_languages_and_the_same_placeholders():
    for source in text.SOURCES:
        for table in (getattr(source, "LABELS", {}), getattr(source, "PHRASES", {})):
            for key, pair in table.items():
                assert set(pair) == {"en", "ko"}, (source.__name__, key)
                assert pair["ko"].strip(), (source.__name__, key)
                assert fields(pair["en"]) == fields(pair["ko"]), (source.__name__, key)
                # the same in both only where there is no word to translate (acronyms such as DDIM, units, symbols)
                same = pair["en"] == pair["ko"]
                assert not same or key in SAME_IN_BOTH or not re.search(r"[a-z]{3,}", pair["en"]), (source, key)
    for name, variants in CLAIMS.items():
        for variant, languages in variants.items():
            assert set(languages) == {"en", "ko"}, (name, variant)
            if name != "ae_size":  # the parameter count is in each language's own unit (M vs 만): other fields
                assert fields(languages["en"]) == fields(languages["ko"]), (name, variant)
            assert languages["ko"] != languages["en"], (name, variant)


def test_a_key_defined_in_two_text_modules_is_an_error(monkeypatch):
    class Twice:
        __name__ = "twice"
        LABELS = {"seed": {"en": "Seed", "ko": "시드"}}

    monkeypatch.setattr(text, "SOURCES", (*text.SOURCES, Twice()))
    with pytest.raises(KeyError, match="twice redefines 'seed'"):
        text.collect("LABELS")


def test_the_subtitle_counts_the_gans_the_gan_tab_offers():
    count = len(registry.names(task="gan_sample"))
    words = {2: ("two", "두"), 3: ("three", "세"), 4: ("four", "네")}[count]
    assert f"{words[0]} **GANs**" in text.EN["subtitle"] and f"{words[1]} 가지 **GAN**" in text.KO["subtitle"]


def test_every_claim_has_a_chooser_and_a_place():
    assert set(CLAIMS) == set(figures.CHOOSERS)
    placed = set().union(*(fields(template) for template in text.TEMPLATES["en"].values()))
    assert placed == set(CLAIMS)  # every placeholder in a static string is a claim, and every claim is shown


# Figures in the prose that are settings, not measurements (each has its home in a training or evaluation default).
SETTINGS = {
    "0.3",  # the σ the clean examples get
    "0.5",  # the denoising AE's largest training σ
    "0.9",  # DCGAN's one-sided label smoothing
    "0.05",  # the classifier's label smoothing (recipes/classifier.py), named on its loss axis
    "0.999",  # the diffusion EMA decay
    "1%",  # the class-coverage threshold
    "5%",  # the false-positive rate the 95th-percentile threshold gives by construction
    "10%",  # the class-label dropout of classifier-free guidance
    "0.01",  # the Lab's WGAN weight clipping (lab/gan2d.py)
    "0.1",  # the Lab's WGAN-GP λ on toy data (lab/gan2d.py)
    "50%",  # a discriminator's accuracy at a GAN's equilibrium: theory, the Lab's plot measures it
}


def test_no_measured_figure_is_typed_into_the_prose():
    """Percentages and decimals in the templates are settings only; the measured ones come from metrics.json."""
    for where, template in every_template():
        outside_placeholders = re.sub(r"\{[^}]*\}", "", template)
        for figure in re.findall(r"\d+(?:\.\d+)?\s?%|\d+\.\d+", outside_placeholders):
            assert figure.replace(" ", "") in SETTINGS, f"{where}: {figure!r} is typed; read it from metrics.json"
    gan_how = text.TEMPLATES["en"]["gan_how"], text.TEMPLATES["ko"]["gan_how"]
    assert "Usually more stable" not in gan_how[0] and "대체로 더 안정적" not in gan_how[1]


# -- what the measurements support, worked out here from the raw json (not through figures.py) --------------


def expected_variants(metrics: dict, sparse_config: dict) -> dict[str, str]:
    rows, models = metrics["generation"]["rows"], metrics["models"]
    expected = {}
    wgan, dcgan = rows["wgan_gp"], rows["dcgan"]
    closer, more_even = wgan["fid"] < dcgan["fid"], wgan["class_entropy"] > dcgan["class_entropy"]
    expected["gan_stability"] = {(True, True): "wgan_better", (False, False): "wgan_worse"}.get(
        (closer, more_even), "mixed"
    )
    recon = metrics["reconstruction"]["rows"]
    expected["beta_blur"] = "blurrier" if recon["beta_vae"]["psnr"] < recon["vae"]["psnr"] else "not_blurrier"
    generators = ("vae", "beta_vae", "vae2d", "dcgan", "wgan_gp", "sn_gan", "ae_gmm")
    others = [models[name] for name in generators if name in models]
    own = models["diffusion"]
    most_varied = own["recall"] > max(o["recall"] for o in others)
    if own["FD"] >= min(other["FD"] for other in others):
        expected["diffusion_rank"] = "most_varied_only" if most_varied else "not_closest"
    else:
        expected["diffusion_rank"] = "best" if most_varied else "closest_only"
    steps = max(metrics["settings"]["ddim_steps"])
    eta1, eta0 = rows[f"diffusion_ddim{steps}_eta1"], rows[f"diffusion_ddim{steps}"]
    assert eta1["n_samples"] == eta0["n_samples"]  # the same seeds and count
    expected["ddim_vs_ddpm"] = "eta1_closer" if eta1["fid"] <= eta0["fid"] else "eta0_closer"
    token = rows["diffusion_null_token"]
    assert token["n_samples"] == eta1["n_samples"]  # the same seeds and count, so the FDs compare
    expected["any_class"] = "label_closer" if eta1["fid"] <= token["fid"] else "token_closer"
    shapes = [metrics["anomaly"]["scores"][name]["sets"]["shapes"]["auroc"] for name in ("ae", "vae", "diffusion")]
    expected["anomaly_shapes"] = "fooled" if min(shapes) < 0.5 else "not_fooled"
    sparse = recon.get("sparse_ae", {})
    if "active_latent_fraction" in sparse:
        expected["sparse_activity"] = "mostly_zero" if sparse["active_latent_fraction"] < 0.5 else "mostly_active"
    if sparse_config.get("top_k"):
        expected["sparse_top_k"] = "k_sparse"
    return expected


def shown_variants(rendered: dict, choices: dict, claim: str) -> dict[str, set[str]]:
    """language -> the variants of `claim` whose sentence (filled with the chosen values) appears in the text."""
    values = choices[claim][1]
    return {
        code: {
            variant
            for variant, languages in CLAIMS[claim].items()
            if any(languages[code].format(**values) in page for page in rendered[code].values())
        }
        for code in ("en", "ko")
    }


def test_the_shipped_text_agrees_with_the_shipped_measurements():
    if not (WEIGHTS / "metrics.json").is_file():
        pytest.skip("no weights/metrics.json")
    metrics = json.loads((WEIGHTS / "metrics.json").read_text())
    config = WEIGHTS / "sparse_ae" / "config.json"
    sparse_config = json.loads(config.read_text()) if config.is_file() else {}
    choices = text.use_measurements(WEIGHTS)
    rendered = {"en": text.EN, "ko": text.KO}
    expected = expected_variants(metrics, sparse_config)
    for claim, variant in expected.items():
        assert choices[claim][0] == variant, claim
        assert shown_variants(rendered, choices, claim) == {"en": {variant}, "ko": {variant}}, claim
    # the figures shown are the measured ones
    assert f"FD {metrics['generation']['rows']['wgan_gp']['fid']:.1f}" in text.EN["gan_how"]
    accuracy = metrics["guidance"]["scales"]["3"]["accuracy"]
    assert f"w = 3: {accuracy:.1%}" in text.EN["diffusion_how"] and f"w = 3: {accuracy:.1%}" in text.KO["diffusion_how"]
    if "sparse_activity" not in expected:  # no training log: the text makes no claim about the sparse code
        assert "most bars" not in text.EN["ae_how"] and "대부분의 막대" not in text.KO["ae_how"]
    if "sparse_top_k" not in expected:  # not a k-sparse model: no k in the text
        assert choices["sparse_top_k"] is None and "k-sparse" not in text.EN["ae_how"]


# -- the choosers, with fake figures in both orders ------------------------------------------------------------


def fake_weights(
    folder: Path,
    *,
    wgan=(20.0, 0.99),
    dcgan=(30.0, 0.95),
    psnr=(19.0, 17.0),
    diffusion=(10.0, 0.8),
    etas=(25.0, 40.0),
    null_token=16.7,
    shapes=0.2,
    active=0.1,
    top_k=0,
) -> Path:
    """A weights folder whose metrics.json holds just what the choosers read. wgan, dcgan: (FD, class entropy);
    psnr: reconstruction (VAE, β-VAE); diffusion: (FD, recall); etas: DDIM-50's FD at (η = 1, η = 0), class "any";
    null_token: DDIM-50 η = 1's FD through the no-class token on the same seeds;
    shapes: every anomaly score's AUROC on drawn shapes; active, top_k: the sparse AE's active latent fraction and k."""
    generation = {
        "wgan_gp": {"fid": wgan[0], "class_entropy": wgan[1]},
        "dcgan": {"fid": dcgan[0], "class_entropy": dcgan[1]},
        "diffusion_ddim50_eta1": {"fid": etas[0], "fid_at_n_ddpm": 33.0, "n_samples": 1000},
        "diffusion_ddim50": {"fid": etas[1], "fid_at_n_ddpm": 28.0, "n_samples": 1000},
        "diffusion_null_token": {"fid": null_token, "n_samples": 1000},
        "diffusion_ddpm1000": {"fid": 30.0, "n_samples": 100},
    }
    models = {
        "diffusion": {"FD": diffusion[0], "recall": diffusion[1], "sampler": "DDIM-50, η = 1"},
        "dcgan": {"FD": 30.0, "recall": 0.5},
        "vae": {"FD": 130.0, "recall": 0.3},
    }
    metrics = {
        "settings": {"ddim_steps": [10, 50], "ddpm_steps": 1000, "n_diffusion": 1000, "n_samples": 10000},
        "generation": {"rows": generation},
        "reconstruction": {
            "rows": {
                "vae": {"psnr": psnr[0]},
                "beta_vae": {"psnr": psnr[1]},
                "ae": {"parameters": 1},
                "sparse_ae": {"active_latent_fraction": active},
            }
        },
        "models": models,
        "guidance": {
            "steps": 50,
            "eta": 1.0,
            "n_per_class": 50,
            "guidance_interval": [0, 400],
            "scales": {"3": {"guidance_scale": 3.0, "accuracy": 0.9}},
        },
        "anomaly": {"scores": {name: {"sets": {"shapes": {"auroc": shapes}}} for name in ("ae", "vae", "diffusion")}},
    }
    (folder / "sparse_ae").mkdir(parents=True)
    (folder / "metrics.json").write_text(json.dumps(metrics))
    (folder / "sparse_ae" / "config.json").write_text(json.dumps({"latent_dim": 64, "top_k": top_k}))
    return folder


CASES = [  # (claim, fake figures, the variant they support)
    ("gan_stability", dict(wgan=(20.0, 0.99), dcgan=(30.0, 0.95)), "wgan_better"),
    ("gan_stability", dict(wgan=(132.0, 0.857), dcgan=(33.3, 0.988)), "wgan_worse"),
    ("gan_stability", dict(wgan=(20.0, 0.90), dcgan=(30.0, 0.95)), "mixed"),
    ("beta_blur", dict(psnr=(19.7, 17.6)), "blurrier"),
    ("beta_blur", dict(psnr=(17.6, 19.7)), "not_blurrier"),
    ("diffusion_rank", dict(diffusion=(10.0, 0.8)), "best"),
    ("diffusion_rank", dict(diffusion=(10.0, 0.4)), "closest_only"),
    ("diffusion_rank", dict(diffusion=(40.0, 0.4)), "not_closest"),
    ("diffusion_rank", dict(diffusion=(40.0, 0.8)), "most_varied_only"),
    ("ddim_vs_ddpm", dict(etas=(25.0, 40.0)), "eta1_closer"),
    ("ddim_vs_ddpm", dict(etas=(40.0, 25.0)), "eta0_closer"),
    ("any_class", dict(etas=(5.7, 8.6), null_token=16.8), "label_closer"),
    ("any_class", dict(etas=(16.8, 20.0), null_token=5.7), "token_closer"),
    ("anomaly_shapes", dict(shapes=0.2), "fooled"),
    ("anomaly_shapes", dict(shapes=0.8), "not_fooled"),
    ("sparse_top_k", dict(top_k=16), "k_sparse"),
    ("sparse_activity", dict(active=0.1), "mostly_zero"),
    ("sparse_activity", dict(active=0.947), "mostly_active"),
]


@pytest.mark.parametrize("claim, figures_, variant", CASES, ids=[f"{c}-{v}" for c, _, v in CASES])
def test_the_sentence_follows_the_figures(tmp_path, claim, figures_, variant):
    choices = figures.choose(figures.read_figures(fake_weights(tmp_path, **figures_)))
    assert choices[claim][0] == variant
    assert shown_variants(text.render(choices), choices, claim) == {"en": {variant}, "ko": {variant}}


def test_flipped_figures_flip_the_gan_sentence_in_both_languages(tmp_path):
    better = text.render(figures.choose(figures.read_figures(fake_weights(tmp_path / "a", wgan=(20.0, 0.99)))))
    worse = text.render(figures.choose(figures.read_figures(fake_weights(tmp_path / "b", wgan=(132.0, 0.857)))))
    assert "Measured here, it does: WGAN-GP scores FD 20.0" in better["en"]["gan_how"]
    assert "Measured here, it does not: WGAN-GP scores FD 132.0 against DCGAN's 30.0" in worse["en"]["gan_how"]
    assert "실제로 그렇습니다" in better["ko"]["gan_how"] and "반대입니다" in worse["ko"]["gan_how"]


def test_missing_measurements_claim_nothing(tmp_path):
    choices = figures.choose(figures.read_figures(tmp_path))  # no metrics.json, no training log
    assert set(choices.values()) == {None}
    for code, strings in text.render(choices).items():
        for key, value in strings.items():  # each measured sentence is simply left out
            assert value == re.sub(r"\{\w+\}", "", text.TEMPLATES[code][key]), (code, key)
            assert "{" not in value and "Measured here" not in value and "측정한 결과" not in value, (code, key)


def test_use_measurements_refills_the_translations_the_browser_gets(tmp_path):
    try:
        text.use_measurements(fake_weights(tmp_path, wgan=(20.0, 0.99)))
        assert "Measured here, it does:" in text.I18N.translations["en"]["gan_how"]
        assert text.I18N.translations["ko"] is text.KO and "실제로 그렇습니다" in text.KO["gan_how"]
    finally:
        text.use_measurements(text.SHIPPED_WEIGHTS)
    assert all("{" not in value for value in text.EN.values())


class FakeRequest:
    def __init__(self, accept_language):
        self.headers = {"accept-language": accept_language}


def test_lookups():
    assert text.t("title").key == "title"
    with pytest.raises(KeyError, match="nope"):
        text.t("nope")
    assert text.say(FakeRequest("ko-KR,ko;q=0.9"), "normal") == "정상"
    assert text.say(FakeRequest("en-US"), "normal") == text.say(None, "normal") == "normal"
    assert text.say(None, "point", z1=1, z2=-0.5) == "z = (1.00, -0.50)"
