"""Anomaly tab: an upload scored by the AE, the VAE, the diffusion model and the complexity-corrected VAE score,
each against a threshold calibrated on the test set (5% false positives), with the test set's score histogram and
the upload marked; then the measured AUROC of the raw scores beside the corrected one (weights/metrics.json).
Endpoints: /anomaly (API.md), plus /anomaly_details.
Link settings (?tab=anomaly&...): example (Sneaker, ...: a normal example; anomaly ring, anomaly noise, ...), method."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from genmodels.ui.components import links
from genmodels.ui.components.common import UPLOAD_EVENT, example_files, image_input, model_fn, read_image
from genmodels.ui.components.measured import MISSING, frame_markdown, phrase, read_metrics, significant
from genmodels.ui.components.plots import HISTOGRAM_COLORS, score_histogram_frame
from genmodels.ui.i18n import PHRASES, language, say, t
from genmodels.zoo import ANOMALY_METHODS, check_choice

METHOD_CHOICES = [
    (t("choice_ae_score"), "ae"),
    (t("choice_vae_score"), "vae"),
    (t("choice_diffusion_score"), "diffusion"),
    (t("choice_vae_complexity_score"), "vae_complexity"),
]
METHOD_NAMES = {
    "ae": "AE reconstruction error",
    "vae": "VAE negative ELBO",
    "diffusion": "diffusion denoising error",
    "vae_complexity": "VAE bits − zlib bits (complexity-corrected)",
}
# the measured table: metrics.json's anomaly score -> the phrase of its column; raw likelihoods, then the corrected
AUROC_COLUMNS = (
    ("vae", "h_vae_raw"),
    ("vae_bits", "h_vae_bits_raw"),
    ("diffusion", "h_diffusion_raw"),
    ("vae_complexity", "h_vae_corrected"),
)
FIRST_EXAMPLE = "anomaly upside-down sneaker"  # what the tab shows when it opens: an image the test set lacks


def auroc_frame(metrics: dict, lang: str) -> pd.DataFrame | None:
    """One row per out-of-distribution set (and all of them together), the AUROC of each score of AUROC_COLUMNS
    (3 significant figures), from metrics.json's anomaly section; None when it has none."""
    anomaly = metrics.get("anomaly") if isinstance(metrics, dict) else None
    scores = anomaly.get("scores") if isinstance(anomaly, dict) else None
    if not isinstance(scores, dict) or not scores:
        return None
    sets = [*anomaly.get("ood_sets", {}), "all"]
    rows = []
    for name in sets:
        cells = [phrase(lang, f"ood_{name}") if f"ood_{name}" in PHRASES[lang] else name]  # a new set: its key
        for score, _ in AUROC_COLUMNS:
            auroc = ((scores.get(score) or {}).get("sets", {}).get(name) or {}).get("auroc")
            cells.append(significant(auroc) if auroc is not None else MISSING)
        rows.append(cells)
    columns = [phrase(lang, "h_ood_set"), *(f"{phrase(lang, key)}\u00a0↑" for _, key in AUROC_COLUMNS)]
    return pd.DataFrame(rows, columns=columns)


def auroc_markdown(weights_dir, request: gr.Request | None = None) -> str:
    """The measured table in the request's language, or a line saying how to measure it."""
    lang = language(request)
    metrics = read_metrics(weights_dir)
    if isinstance(metrics, str):  # unreadable: the sentence says why
        return metrics
    frame = auroc_frame(metrics or {}, lang)
    return say(request, "no_anomaly_metrics") if frame is None else frame_markdown(frame)


def build(zoo) -> links.TabView | None:
    def score_of(x, method):
        out = zoo.anomaly(x, method)
        return out["score"], out["threshold"], out["verdict"]

    def every_score(x) -> dict:
        """method -> the zoo's answer for x, or the ValueError saying why that model or calibration is missing
        (the image is valid: it was read, and every method is known)."""
        scores = {}
        for name in ANOMALY_METHODS:
            try:
                scores[name] = zoo.anomaly(x, name)
            except ValueError as error:
                scores[name] = error
        return scores

    def details_of(scores, method, request):
        method = check_choice(method, "method", ANOMALY_METHODS)
        rows, plot, line = [], None, ""
        for name, out in scores.items():
            if isinstance(out, ValueError):
                rows.append({say(request, "method"): METHOD_NAMES[name], say(request, "verdict"): str(out)})
                continue
            verdict = say(request, out["verdict"])
            rows.append(
                {
                    say(request, "method"): METHOD_NAMES[name],
                    say(request, "score"): round(out["score"], 5),
                    say(request, "threshold"): round(out["threshold"], 5),
                    say(request, "verdict"): verdict,
                    say(request, "fpr"): f"{out['fpr']:.1%}",
                }
            )
            if name == method:
                histogram = zoo.anomaly_histogram(name)
                plot = score_histogram_frame(
                    histogram["bin_edges"], histogram["counts"], histogram["threshold"], out["score"]
                )
                line = say(
                    request,
                    "fpr_line",
                    method=METHOD_NAMES[name],
                    score=out["score"],
                    threshold=out["threshold"],
                    verdict=verdict,
                    fpr=out["fpr"],
                )
        return plot, line, pd.DataFrame(rows)

    @links.remembered
    @model_fn
    def example_scores(example):
        return every_score(read_image(example_set.read_bytes(example), "example"))

    def first_view(example, method, request):
        """The page's first view and links: the verdict, the histogram with the score marked, every score."""
        scores = example_scores(example)
        if isinstance(scores.get(method), ValueError):
            raise gr.Error(str(scores[method]), print_exception=False)
        out = scores[method]
        return out["score"], out["threshold"], out["verdict"], *details_of(scores, method, request)

    @model_fn
    def anomaly(image, method):
        """Is this picture unlike Fashion-MNIST? Scores it, against a threshold calibrated at 5% false positives.

        Args:
            image: a picture of one garment, any size or format (made 28x28 grayscale, garment light on dark)
            method: "ae", "vae" (reconstruction), "diffusion" (denoising error), "vae_complexity" (VAE − zlib bits)

        Returns:
            the score (higher = more anomalous)
            the threshold: the 95th percentile of the test set's scores
            the verdict, "normal" or "anomalous"
        """
        return score_of(read_image(image), method)

    @model_fn
    def anomaly_details(image, method, request: gr.Request):
        """The chosen method's test-set histogram with the upload's score marked, a summary line, and every
        method's score in a table."""
        x, method = read_image(image), check_choice(method, "method", ANOMALY_METHODS)  # checked before the work
        return details_of(every_score(x), method, request)

    with gr.Tab(t("tab_anomaly"), id="anomaly") as tab:
        gr.Markdown(t("anomaly_intro"), elem_classes="intro")
        gr.Markdown(t("anomaly_complexity_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("anomaly_how"))
            gr.Markdown(t("anomaly_complexity_how"))
        with gr.Row():
            with gr.Column(scale=2):
                image = image_input(t("input_image"), elem_id="anomaly-input")
                method = gr.Radio(METHOD_CHOICES, value="ae", label=t("anomaly_method"))
                run = gr.Button(t("score_button"), variant="primary", elem_id="anomaly-run")
            with gr.Column(scale=3):
                with gr.Row():
                    score = gr.Number(label=t("score"), value=None, interactive=False)
                    threshold = gr.Number(label=t("threshold"), value=None, interactive=False)
                    verdict = gr.Textbox(label=t("verdict"), interactive=False, elem_id="anomaly-verdict")
                summary = gr.Markdown()
                histogram = gr.LinePlot(
                    elem_id="anomaly-histogram",
                    x="score",
                    y="count",
                    color="series",
                    color_map=HISTOGRAM_COLORS,
                    label=t("histogram"),
                    height=330,
                )
        table = gr.Dataframe(interactive=False)
        normal, abnormal = example_files("fashion"), example_files("anomalies")
        example_sets = []
        with gr.Row():
            for files, label, kind in (
                (normal[:5], t("examples_normal"), "normal"),
                (abnormal, t("examples_abnormal"), "abnormal"),
            ):
                if (
                    files
                ):  # cached /anomaly results; the histogram follows live (a cached plot breaks Gradio 6.31's page)
                    example_sets.append(
                        gr.Examples(
                            [[path, "ae"] for path in files],
                            inputs=[image, method],
                            outputs=[score, threshold, verdict],
                            fn=anomaly,
                            cache_examples=True,
                            cache_mode="lazy",
                            visible_columns=[0],
                            label=label,
                            elem_id=f"anomaly-examples-{kind}",
                        )
                    )
        gr.Markdown(t("anomaly_auroc_header"))
        measured = gr.Markdown(auroc_markdown(zoo.weights_dir), elem_id="anomaly-auroc", elem_classes="measured")

    # read again in the visitor's language whenever the tab opens (a new evaluation shows without a restart)
    def refresh_measured(request: gr.Request) -> str:
        return auroc_markdown(zoo.weights_dir, request)

    tab.select(refresh_measured, outputs=measured, api_visibility="private", queue=False)

    gr.on(
        [run.click, image.upload],
        anomaly,
        inputs=[image, method],
        outputs=[score, threshold, verdict],
        api_name="anomaly",
        **UPLOAD_EVENT,
    ).success(
        anomaly_details,
        inputs=[image, method],
        outputs=[histogram, summary, table],
        api_name="anomaly_details",
        **UPLOAD_EVENT,
    )
    for examples in example_sets:
        examples.cache_event.success(
            anomaly_details,
            inputs=[image, method],
            outputs=[histogram, summary, table],
            api_visibility="private",
            **UPLOAD_EVENT,
        )
    if not normal and not abnormal:  # without example pictures (before scripts/make_examples.py) the tab opens empty
        return None
    example_set = links.Examples(("", normal), ("anomaly", abnormal))
    settings = [
        example_set.setting(image, FIRST_EXAMPLE),
        links.Setting("method", method, links.one_of(ANOMALY_METHODS)),
    ]
    outputs = [score, threshold, verdict, histogram, summary, table]
    return links.TabView("anomaly", settings, first_view, outputs)
