"""The "nearest training images" panel the GAN, VAE and Diffusion tabs share: pick a sample of a sheet the tab made,
see the 3 training images nearest to it in the classifier's feature space and the 3 nearest in pixels, with their
distances, beside how far unseen test images are from the training set (weights/metrics.json["memorisation"]).

Endpoint: /nearest_training (API.md), registered once (the Diffusion tab's panel); the other tabs' panels call the
same function through private events, their radio choosing which of the tab's sheets to search."""

from __future__ import annotations

import gradio as gr
import numpy as np
import pandas as pd
import torch

from genmodels import images
from genmodels.ui.i18n import say, t
from genmodels.uploads.decode import open_upload
from genmodels.zoo import CLASS_NAMES, MAX_SAMPLES, NEIGHBOUR_SPACES, check_int

from .common import UPLOAD_EVENT, model_fn, read_image, sheet, sheet_output, uploaded_path
from .measured import read_metrics, significant

NEIGHBOURS = 3
API_NAME = "nearest_training"


def query_tiles(image) -> list:
    """The image input -> its samples: a sheet's tiles (as sheet_tiles cuts them), or the one image of any other
    upload. ValueError naming `image` when there is nothing to read."""
    if image is None:
        raise ValueError("image: no image given; make samples first, or upload an image")
    path = image.get("path") if isinstance(image, dict) else image
    if isinstance(path, str) and path:
        try:
            picture = open_upload(uploaded_path(path, "image"))
        except ValueError:  # not a readable picture: read_image below names the problem and the input
            picture = None
        if picture is not None and images.SHEET_KEY in picture.info:
            return list(images.from_uint8(sheet_samples(picture)).split(1))
    return [read_image(image)]


def sheet_samples(picture) -> np.ndarray:
    """A sheet's tiles, uint8 (n, 28, 28), once its text chunk is checked against the picture: the chunk comes
    from the client, and a forged one (a million tiles, tiles off the picture) must fail fast with a clear error."""
    try:
        layout = images.sheet_layout(picture)
        n, columns, height, width, gap = (int(layout[key]) for key in ("n", "columns", "height", "width", "gap"))
    except (ValueError, TypeError, KeyError):
        layout = None
    if layout is not None and 1 <= n <= MAX_SAMPLES and 1 <= columns <= n and (height, width) == (28, 28):
        rows = -(-n // columns)
        if gap >= 0 and picture.size == (columns * 28 + (columns - 1) * gap, rows * 28 + (rows - 1) * gap):
            return images.sheet_tiles(picture)
    raise ValueError(
        f"image: its {images.SHEET_KEY!r} text chunk does not describe this picture as a sheet of 1 to "
        f"{MAX_SAMPLES} tiles of 28x28; send a sheet as the sampling endpoints return it, or a plain image"
    )


def test_medians(weights_dir) -> dict | None:
    """space -> the test images' median and 5th-percentile distance to the training set, when measured."""
    metrics = read_metrics(weights_dir)
    rows = metrics.get("memorisation", {}).get("rows", {}) if isinstance(metrics, dict) else {}
    return {space: rows["test"][space] for space in NEIGHBOUR_SPACES} if "test" in rows else None


def verdict(found: dict, reference: dict | None, request) -> str:
    """The sample's nearest distances against the test images' (a copy sits far below them)."""
    lines = []
    for space in NEIGHBOUR_SPACES:
        nearest = found[space]["distances"][0, 0].item()
        values = {"space": say(request, f"nearest_space_{space}"), "d": significant(nearest)}
        if reference is None:
            lines.append(say(request, "nearest_line_unmeasured", **values))
            continue
        median, p05 = reference[space]["median"], reference[space]["p05"]
        key = "nearest_line_close" if nearest < p05 else "nearest_line"
        lines.append(say(request, key, median=significant(median), p05=significant(p05), **values))
    return "\n\n".join(lines)


def neighbours_frame(found: dict, lang_request) -> pd.DataFrame:
    """One row per neighbour, features first: space, rank, training image index, class, distance."""
    rows = [
        [say(lang_request, f"nearest_space_{space}"), rank + 1, int(found[space]["indices"][0, rank]),
         CLASS_NAMES[int(found[space]["labels"][0, rank])], significant(found[space]["distances"][0, rank].item(), 4)]
        for space in NEIGHBOUR_SPACES
        for rank in range(found[space]["indices"].shape[1])
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=[say(lang_request, f"nearest_column_{c}") for c in range(5)])


def nearest_function(zoo):
    """-> the search as a plain function (to be wrapped once per event by model_fn)."""

    def nearest_training(image, index, request: gr.Request):
        """One sample of a sheet (`index`, 0..n-1; 0 for a single image) -> a sheet of 7 tiles in one row (the
        sample as searched, its 3 nearest training images in the classifier's feature space, its 3 nearest in
        pixels), a table of those 6 (space, rank, training index, class, distance) and a verdict against the test
        images' distances."""
        tiles = query_tiles(image)
        index = check_int(index, "index", 0, len(tiles) - 1)
        found = zoo.nearest_training_images(tiles[index], k=NEIGHBOURS)
        pictures = [found["query"], *(found[space]["images"][0] for space in NEIGHBOUR_SPACES)]
        return (
            sheet(torch.cat(pictures), columns=1 + 2 * NEIGHBOURS),
            neighbours_frame(found, request),
            verdict(found, test_medians(zoo.weights_dir), request),
        )

    return nearest_training


def nearest_panel(zoo, tab: str, sources: list[tuple[str, gr.components.Component]], api_name: str | None = None):
    """An accordion under a tab's sample sheets: which sheet (a radio, when there are several), which sample, a
    button; the neighbours' sheet, table and verdict. Element ids start with `tab` ("gan-nearest-run", ...).
    api_name: the one public endpoint, else a private event."""
    search = nearest_function(zoo)
    with gr.Accordion(t("nearest_header"), open=False):
        gr.Markdown(t("nearest_help"))
        with gr.Row():
            choice = gr.Radio(
                [(label, str(i)) for i, (label, _) in enumerate(sources)],
                value="0",
                label=t("nearest_source"),
                visible=len(sources) > 1,
                elem_id=f"{tab}-nearest-source",
            )
            index = gr.Number(
                label=t("nearest_index"),
                value=0,
                precision=0,
                minimum=0,
                maximum=MAX_SAMPLES - 1,
                elem_id=f"{tab}-nearest-index",
            )
            button = gr.Button(t("nearest_button"), variant="secondary", elem_id=f"{tab}-nearest-run")
        result = sheet_output(t("nearest_result"), elem_id=f"{tab}-nearest-result")
        table = gr.Dataframe(label=t("nearest_table"), interactive=False, wrap=True, elem_id=f"{tab}-nearest-table")
        summary = gr.Markdown(elem_id=f"{tab}-nearest-verdict")  # fmt: skip
    triggers, outputs = [button.click, index.submit], [result, table, summary]
    if len(sources) == 1:
        visibility = {"api_name": api_name} if api_name else {"api_visibility": "private"}
        gr.on(triggers, model_fn(search), inputs=[sources[0][1], index], outputs=outputs, **visibility, **UPLOAD_EVENT)
        return

    # request before *sheets: Gradio passes the request at its position among the leading positional parameters
    @model_fn
    def from_chosen(chosen, index, request: gr.Request, *sheets):
        """The radio's sheet (its value: the sheet's position in `sources`) -> the search."""
        position = int(chosen) if str(chosen).isdigit() and int(chosen) < len(sheets) else 0
        return search(sheets[position], index, request)

    gr.on(triggers, from_chosen, inputs=[choice, index, *(c for _, c in sources)], outputs=outputs,
          api_visibility="private", **UPLOAD_EVENT)  # fmt: skip
