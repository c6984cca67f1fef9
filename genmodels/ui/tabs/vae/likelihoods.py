"""The VAE tab's third lesson, the notes' question: would a distribution other than the Gaussian fix the blur?

The same VAE trained with four decoder likelihoods at one budget, and two learned priors on the σ-VAE's codes
(the 2-stage VAE, a Gaussian mixture), sampled on the same prior draws; for one model the decoder's mean beside a
draw from its distribution; the measured table (metrics.json: generation and reconstruction rows) and the
sentence it supports. Endpoints: /vae_variants, /vae_decoder_draw."""

from __future__ import annotations

import gradio as gr

from genmodels.measure.likelihoods import VARIANTS, likelihood_rows
from genmodels.tables import markdown_table
from genmodels.ui.components.common import (
    VALUES_EVENT,
    gallery_output,
    int_slider,
    model_fn,
    sheet,
    sheet_output,
)
from genmodels.ui.components.measured import read_metrics, significant
from genmodels.ui.i18n import language, say, t
from genmodels.ui.names import model_name
from genmodels.zoo import MAX_SAMPLES, check_choice

# one architecture (16-d, β = 1, the same budget), four likelihoods (VARIANTS); then learned priors on the σ-VAE's codes
DRAW_MODELS = VARIANTS[:4]  # the learned priors decode with the σ-VAE's decoder
PRIORS = VARIANTS[4:]


def measured_rows(weights_dir) -> dict[str, dict]:
    """Each measured variant's generation row joined with its reconstruction row (metrics.json), by name; the
    AE + GMM's generation row too (the bar the issue set: a VAE should sample better than the plain AE can)."""
    metrics = read_metrics(weights_dir)
    return likelihood_rows(metrics if isinstance(metrics, dict) else {}, (*VARIANTS, "ae_gmm"))


def likelihood_table(rows: dict[str, dict], request) -> str:
    lang = language(request)
    keys = ("model", "fd", "recall", "sharpness", "hole", "psnr", "bits", "active")
    header = [say(request, f"lk_{key}") for key in keys]
    body = [
        [
            model_name(name, lang),
            significant(row.get("fid")),
            significant(row.get("recall")),
            significant(row.get("sharpness")),
            "–" if row.get("prior_hole") is None else f"{row['prior_hole']:.1%}",
            significant(row.get("psnr")),
            significant(row.get("bits_per_dim")),
            row.get("active_dims", "–"),
        ]
        for name, row in rows.items()
    ]
    return markdown_table(header, body)


def likelihood_answer(rows: dict[str, dict], request) -> str:
    """The answer the measurements give: the best likelihood against the Bernoulli, then the 2-stage prior."""
    lang = language(request)
    likelihoods = {name: row for name, row in rows.items() if name in DRAW_MODELS}
    if "vae" not in likelihoods or len(likelihoods) < 2:
        return say(request, "lk_unmeasured")
    best = min(likelihoods, key=lambda name: likelihoods[name]["fid"])
    sharpest = max(likelihoods, key=lambda name: likelihoods[name].get("sharpness", 0.0))
    base = likelihoods["vae"]
    values = dict(
        n=base["n_samples"],
        best=model_name(best, lang),
        best_fd=likelihoods[best]["fid"],
        vae_fd=base["fid"],
        sharpest=model_name(sharpest, lang),
        sharpness=likelihoods[sharpest].get("sharpness", 0.0),
    )
    text = say(request, "lk_answer", **values)
    priors = [name for name in PRIORS if name in rows]
    if priors and "ae_gmm" in rows:
        prior = min(priors, key=lambda name: rows[name]["fid"])
        row, ae_gmm = rows[prior], rows["ae_gmm"]
        key = prior_phrase(row["fid"], [likelihoods[name]["fid"] for name in likelihoods], ae_gmm["fid"])
        text += say(
            request, key, model=model_name(prior, lang), fd=row["fid"], recall=row["recall"], ae_gmm=ae_gmm["fid"]
        )
    return text


def prior_phrase(prior_fd: float, likelihood_fds: list[float], ae_gmm_fd: float) -> str:
    """The sentence the best learned prior's FD supports beside the likelihoods' and the AE + mixture's."""
    beats_likelihoods = prior_fd < min(likelihood_fds)
    if beats_likelihoods and prior_fd < ae_gmm_fd <= min(likelihood_fds):
        return "lk_prior_beats_ae"  # "does what no likelihood did"
    if beats_likelihoods and prior_fd >= ae_gmm_fd:
        return "lk_prior_behind_ae"  # "helps more than any likelihood, though still above"
    return "lk_prior_measured"


def build(zoo, n, seed, sample: gr.Button):
    """The section's components and events, under the tab's sample settings (n, seed; its Sample button draws the
    variants too) -> (outputs, view(n, seed, request)): what the tab's first view adds."""
    available = [name for name in VARIANTS if name in zoo.models]

    @model_fn
    def vae_variants(n, seed):
        """The same n prior draws (seed) through every likelihood variant of the 16-d VAE and the learned priors
        -> gallery, one sheet per model with its name. n 1..64."""
        return [(sheet(zoo.vae_sample(n, seed, 1.0, model=name)), model_name(name)) for name in available]

    @model_fn
    def vae_decoder_draw(model, n, seed):
        """For n prior draws (seed): the decoder's mean image, and one draw from the decoder's distribution p(x|z)
        -> (sheet of means, sheet of draws). model one of "vae", "vae_gaussian", "vae_sigma", "vae_logistic"."""
        means, draws = zoo.vae_decoder_draw(n, seed, check_choice(model, "model", DRAW_MODELS))
        return sheet(means), sheet(draws)

    gr.Markdown(t("lk_header"))
    gr.Markdown(t("lk_help"))
    table = gr.Markdown(elem_id="vae-likelihood-table")
    answer = gr.Markdown(elem_id="vae-likelihood-answer")
    variants = gallery_output(t("lk_samples"), columns=len(VARIANTS), elem_id="vae-variants")
    gr.Markdown(t("lk_draw_help"))
    with gr.Row():
        choices = [(model_name(name), name) for name in DRAW_MODELS if name in zoo.models]
        draw_model = gr.Radio(choices, value=choices[-1][1] if choices else None, label=t("lk_draw_model"))
        draw_n = int_slider(t("n_images"), 1, MAX_SAMPLES, 8)
        draw = gr.Button(t("lk_draw"), variant="primary", elem_id="vae-draw-run")
    with gr.Row():
        means = sheet_output(t("lk_means"), elem_id="vae-draw-means")
        draws = sheet_output(t("lk_draws"), elem_id="vae-draw-samples")

    sample.click(vae_variants, inputs=[n, seed], outputs=variants, api_name="vae_variants", **VALUES_EVENT)
    draw.click(vae_decoder_draw, inputs=[draw_model, draw_n, seed], outputs=[means, draws],
               api_name="vae_decoder_draw", **VALUES_EVENT)  # fmt: skip

    def view(n, seed, request: gr.Request = None):
        """The table and answer in the visitor's language, the variants' samples and the decoder's draws."""
        rows = measured_rows(zoo.weights_dir)
        table_text = likelihood_table({k: v for k, v in rows.items() if k in VARIANTS}, request) if rows else ""
        pictures = (vae_variants(n, seed), *vae_decoder_draw(draw_model.value, 8, seed)) if choices else (None,) * 3
        return (table_text, likelihood_answer(rows, request), *pictures)

    return [table, answer, variants, means, draws], view
