"""Anomaly tab: an upload scored by the AE, the VAE and the diffusion model, each against a threshold
calibrated on the test set (5% false positives), with the test set's score histogram and the upload marked.
Endpoints: /anomaly (API.md), plus /anomaly_details.
Link settings (?tab=anomaly&...): example (Sneaker, ...: a normal example; anomaly ring, anomaly noise, ...), method."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from ..zoo import ANOMALY_METHODS, check_choice
from . import links
from .common import UPLOAD_EVENT, example_files, image_input, model_fn, read_image
from .plots import HISTOGRAM_COLORS, score_histogram_frame
from .text import say, t

METHOD_CHOICES = [
    (t("choice_ae_score"), "ae"),
    (t("choice_vae_score"), "vae"),
    (t("choice_diffusion_score"), "diffusion"),
]
METHOD_NAMES = {"ae": "AE reconstruction error", "vae": "VAE negative ELBO", "diffusion": "diffusion denoising error"}
FIRST_EXAMPLE = "anomaly upside-down sneaker"  # what the tab shows when it opens: an image the test set lacks


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
        """The page's first view and links: the verdict, the histogram with the score marked, all three scores."""
        scores = example_scores(example)
        if isinstance(scores.get(method), ValueError):
            raise gr.Error(str(scores[method]), print_exception=False)
        out = scores[method]
        return out["score"], out["threshold"], out["verdict"], *details_of(scores, method, request)

    @model_fn
    def anomaly(image, method):
        """Anomaly score of an image -> score (higher = more anomalous), the threshold (95th percentile of the
        test set's scores) and the verdict "normal" or "anomalous". method "ae" | "vae" | "diffusion"."""
        return score_of(read_image(image), method)

    @model_fn
    def anomaly_details(image, method, request: gr.Request):
        """The chosen method's test-set histogram with the upload's score marked, a summary line, and all three
        scores in a table."""
        x, method = read_image(image), check_choice(method, "method", ANOMALY_METHODS)  # checked before the work
        return details_of(every_score(x), method, request)

    with gr.Tab(t("tab_anomaly"), id="anomaly"):
        gr.Markdown(t("anomaly_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("anomaly_how"))
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
