"""Links to a view (genmodels/ui/components/links.py), in process: reading a query string, the first view of every
tab, the link built back from a view, and every model call of a page load inside spaces.GPU (a stand-in that
records it).

The browser half (the page opens the linked tab, its pixels equal the API's) is tests/test_first_minute.py.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import shutil
import threading
from types import SimpleNamespace

import gradio as gr
import numpy as np
import pytest
import torch
from gradio.state_holder import SessionState

from genmodels import images
from genmodels.ui.components import common, links
from genmodels.ui.components.common import example_files
from genmodels.zoo import CLASS_NAMES, Zoo
from tests.support.app_server import build_random_weights

torch.set_num_threads(1)


def test_parsers_take_good_text_and_refuse_the_rest():
    assert links.integer(0, 10)("7") == 7
    assert links.number(0, 2)("0.5") == 0.5
    for parse, text in (
        (links.integer(0, 10), "11"),
        (links.integer(0, 10), "1.5"),
        (links.integer(0, 10), "x"),
        (links.number(0, 2), "nan"),
        (links.number(0, 2), "-1"),
    ):
        with pytest.raises(ValueError):
            parse(text)
    classes = links.one_of(["any", "T-shirt/top", "Ankle boot"])
    assert classes("T-shirt/top") == classes("t-shirt-top") == "T-shirt/top"
    assert classes("ankle boot") == classes("Ankle-Boot") == "Ankle boot"
    with pytest.raises(ValueError, match="must be one of"):
        classes("Sock")
    assert links.one_of([("DCGAN", "dcgan"), ("WGAN-GP", "wgan-gp")])("WGAN-GP") == "wgan-gp"
    assert [links.as_text(v) for v in (1.0, 0.35, 16, "DDIM", None)] == ["1", "0.35", "16", "DDIM", None]


# -- the app, built in this process on tiny random models, with a recording spaces.GPU -----------------------

_gpu = threading.local()


def recording_gpu(fn=None, **_kwargs):
    """Stands in for spaces.GPU: marks the functions it wraps and counts how deep a call is inside one."""
    if fn is None:
        return recording_gpu

    def enter():
        _gpu.depth = getattr(_gpu, "depth", 0) + 1

    def leave():
        _gpu.depth -= 1

    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def inside(*args, **kwargs):
            enter()
            try:
                yield from fn(*args, **kwargs)
            finally:
                leave()

    else:

        @functools.wraps(fn)
        def inside(*args, **kwargs):
            enter()
            try:
                return fn(*args, **kwargs)
            finally:
                leave()

    inside.on_gpu = True
    return inside


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """(demo, zoo, views by tab id, model calls made outside spaces.GPU)."""
    from genmodels.ui.app import build_demo

    weights = build_random_weights(tmp_path_factory.mktemp("links") / "weights")
    zoo = Zoo(weights, device="cpu")
    outside = []
    real_model = zoo.model

    def model(name):
        if getattr(_gpu, "depth", 0) == 0:
            outside.append((name, [frame.function for frame in inspect.stack()[1:6]]))
        return real_model(name)

    zoo.model = model  # every task reaches its network through zoo.model
    patch = pytest.MonkeyPatch()
    patch.setattr(common, "gpu", recording_gpu)
    views = {}
    real_connect = links.connect

    def connect(demo, tabs, tab_views, *rest):
        views.update({view.tab_id: view for view in tab_views})
        return real_connect(demo, tabs, tab_views, *rest)

    patch.setattr(links, "connect", connect)
    try:
        demo = build_demo(zoo)
    finally:
        patch.undo()
    yield demo, zoo, views, outside
    shutil.rmtree(weights, ignore_errors=True)


def request(query: dict, language: str = "en"):
    return SimpleNamespace(query_params=query, headers={"accept-language": language})


def pictures(value) -> list[np.ndarray]:
    """A sheet (the samples of one output), a gallery (list of PIL or (PIL, caption)) or one PIL image ->
    grey-level arrays, one per sample."""
    if not isinstance(value, list) and images.sheet_layout(value) is not None:
        return list(images.sheet_tiles(value))
    items = value if isinstance(value, list) else [value]
    return [np.asarray((item[0] if isinstance(item, tuple) else item).convert("L")) for item in items]


def opened(view, req) -> list:
    """What the page's two load events show: the settings (quick), then the results."""
    return [*view.fill(req), *view.open(req)]


def load_event(demo, view, method):
    """The page's load event whose function is `view`'s bound `method` (TabView.fill_event or open_event)."""
    return next(
        block
        for block in demo.fns.values()
        if getattr(block.fn, "__func__", None) is method and getattr(block.fn, "__self__", None) is view
    )


def test_the_settings_load_in_a_quick_event_of_their_own_and_the_results_after(app):
    demo, _zoo, views, _outside = app
    for view in views.values():
        settings = {setting.component._id for setting in view.settings}
        fill = load_event(demo, view, links.TabView.fill_event)
        compute = load_event(demo, view, links.TabView.open_event)
        assert {c._id for c in fill.outputs} == settings and fill.concurrency_id != common.CONCURRENCY_ID
        assert not settings & {c._id for c in compute.outputs}  # the settings never wait on the model
        assert compute.concurrency_id == common.CONCURRENCY_ID


def test_every_tab_has_a_first_view(app):
    _demo, _zoo, views, _outside = app
    assert set(views) >= {"autoencoder", "vae", "gan", "diffusion", "denoise", "anomaly", "compare"}


def test_first_views_show_results_and_run_inside_spaces_gpu(app):
    _demo, _zoo, views, outside = app
    outside.clear()
    for tab_id, view in views.items():
        shown = opened(view, request({}))
        assert len(shown) == len(view.settings) + len(view.outputs), tab_id
        results = shown[len(view.settings) :]
        assert all(result is not None for result in results[:1]), f"{tab_id}: no first result"
    assert outside == [], f"model calls outside spaces.GPU: {outside}"


@pytest.mark.parametrize("method", [links.TabView.fill_event, links.TabView.open_event])
def test_gradio_accepts_what_each_load_event_returns(app, method):
    """Each load event's return value through Gradio's own postprocessing, as the page receives it (a one-output
    event must give that output's value, not a one-item list)."""
    demo, _zoo, views, _outside = app
    for tab_id, view in views.items():
        block = load_event(demo, view, method)
        sent = asyncio.run(demo.postprocess_data(block, block.fn(request({})), SessionState(demo)))
        assert len(sent) == len(block.outputs), tab_id


def test_every_model_event_is_wrapped_in_spaces_gpu(app):
    """Statically: every event in the models' concurrency group is a model_fn. The first views delegate to one
    instead, and are checked by running them (above)."""
    demo, *_ = app
    unwrapped = [
        getattr(block.fn, "__name__", repr(block.fn))
        for block in demo.fns.values()
        if block.concurrency_id == common.CONCURRENCY_ID
        and not getattr(block.fn, "on_gpu", False)
        and not isinstance(getattr(block.fn, "__self__", None), links.TabView)
    ]
    assert unwrapped == []


def test_a_diffusion_link_fills_the_settings_and_computes_that_sheet(app):
    _demo, zoo, views, _outside = app
    view = views["diffusion"]
    shown = opened(
        view, request({"tab": "diffusion", "class": "Sneaker", "w": "3", "seed": "7", "steps": "4", "n": "3"})
    )
    values = dict(zip((s.name for s in view.settings), shown))
    assert (values["class"], values["w"], values["seed"], values["steps"], values["n"]) == ("Sneaker", 3.0, 7, 4, 3)
    expected = zoo.diffusion_sample("Sneaker", 3.0, values["sampler"], 4, values["eta"], 3, 7)["images"]
    got = pictures(shown[len(view.settings)])
    assert len(got) == 3 and all(np.array_equal(a, b) for a, b in zip(got, images.to_uint8(expected)))


def test_a_compare_link_computes_the_four_families_on_its_seed(app):
    _demo, zoo, views, _outside = app
    view = views["compare"]
    shown = opened(view, request({"tab": "compare", "n": "3", "seed": "5"}))
    assert shown[:2] == [3, 5]
    vae, gan, diffusion = (pictures(sheet) for sheet in shown[3:6])
    assert all(np.array_equal(a, b) for a, b in zip(vae, images.to_uint8(zoo.vae_sample(3, 5, 1.0, "vae"))))
    assert all(np.array_equal(a, b) for a, b in zip(gan, images.to_uint8(zoo.gan_sample(3, 5, "dcgan", 1.0))))
    assert len(vae) == len(gan) == len(diffusion) == 3
    latency = shown[-1]
    assert len(latency) == 4 and (latency.iloc[:, 2] > 0).all()


def test_a_transfer_link_opens_that_example_with_each_ways_prediction(app):
    _demo, zoo, views, _outside = app
    view = views["transfer"]
    shown = opened(view, request({"tab": "transfer", "example": "ankle-boot"}, "ko"))
    example, predictions, seen = shown[0], shown[1], shown[2]
    assert example.endswith("9_Ankle_boot.png")
    out = zoo.transfer_predict(
        images.from_uint8(pictures(seen)[0][::8, ::8])
    )  # the picture shown is what was classified
    assert list(predictions.columns) == ["방법", "예측 클래스", "확신도 (%)"] and len(predictions) == len(out["ways"])
    assert predictions["예측 클래스"].tolist() == [CLASS_NAMES[int(p.argmax())] for p in out["probabilities"]]


def test_settings_of_another_tab_are_not_applied(app):
    _demo, _zoo, views, _outside = app
    values, problems = views["gan"].read({"tab": "vae", "seed": "7"})
    assert values[1] == 0 and problems == []


def test_bad_values_are_ignored_with_a_warning_and_the_default_kept(app):
    _demo, _zoo, views, _outside = app
    view = views["gan"]
    with pytest.warns(UserWarning) as caught:
        shown = opened(
            view, request({"tab": "gan", "n": "1000", "seed": "abc", "left": "stylegan", "truncation": "0.5"})
        )
    values = dict(zip((s.name for s in view.settings), shown))
    assert (values["n"], values["seed"], values["left"], values["truncation"]) == (16, 0, "dcgan", 0.5)
    messages = " ".join(str(w.message) for w in caught)
    assert "n=1000" in messages and "seed=abc" in messages and "left=stylegan" in messages


def test_a_link_built_from_a_view_opens_the_same_view(app):
    _demo, _zoo, views, _outside = app
    for tab_id, query in {
        "gan": {"tab": "gan", "n": "4", "seed": "11", "truncation": "0.7", "right": "dcgan"},
        "diffusion": {"tab": "diffusion", "class": "T-shirt/top", "w": "1.5", "sampler": "DDPM", "steps": "3"},
        "vae": {"tab": "vae", "z1": "-1.25", "temperature": "0.8"},
        "denoise": {"tab": "denoise", "example": "noisy Sneaker", "sigma": "0", "method": "median"},
        "anomaly": {"tab": "anomaly", "example": "anomaly ring", "method": "vae"},
        "compare": {"tab": "compare", "n": "4", "seed": "9"},
        "transfer": {"tab": "transfer", "example": "ankle-boot"},
    }.items():
        view = views[tab_id]
        values, problems = view.read(query)
        assert problems == [], (tab_id, problems)
        shown = [setting.show(value) for setting, value in zip(view.settings, values)]  # what the page displays
        link = view.query(shown)
        assert set(query) <= set(link) and link["tab"] == tab_id
        assert view.read(link) == (values, [])  # every setting, not only those the link named, comes back


def test_an_example_is_recognised_by_its_bytes_under_another_path(tmp_path):
    sneaker = next(path for path in example_files("fashion") if "Sneaker" in path)
    examples = links.Examples(("", example_files("fashion")), ("noisy", example_files("noisy")))
    copy = tmp_path / "image.png"
    shutil.copy(sneaker, copy)
    assert examples.name_of(str(copy)) == "Sneaker"
    assert examples.name_of({"path": str(copy)}) == "Sneaker"
    assert examples.name_of(str(tmp_path / "missing.png")) is None
    assert "noisy Sneaker" in examples.files


def test_every_first_view_works_with_no_fashion_mnist_reachable(app, monkeypatch):
    """A Space has no dataset: the latent map and every first view come from files shipped in weights/ and
    assets/, so the data loader is never called (here it fails loudly if it is)."""
    import genmodels.data

    def unreachable(*args, **kwargs):
        raise AssertionError("the app read Fashion-MNIST at run time")

    for name in ("load", "load_arrays", "find_data_dir"):
        if hasattr(genmodels.data, name):
            monkeypatch.setattr(genmodels.data, name, unreachable)
    _demo, zoo, views, _outside = app
    zoo._latent_map = None  # read the shipped map again
    for tab_id, view in views.items():
        getattr(view.compute, "cache_clear", lambda: None)()  # recompute, not remembered results
        shown = opened(view, request({}))
        results = shown[len(view.settings) :]
        assert results and results[0] is not None, f"{tab_id}: no first result without the dataset"


def test_the_queue_polls_slowly_enough_to_leave_the_cores_to_the_model(app):
    # private attributes of Gradio's Queue (genmodels/ui/patches.py says why they are set): a Gradio release
    # that renames them fails here, not silently
    from genmodels.ui.patches import PROGRESS_POLL_SECONDS, QUEUE_POLL_SECONDS

    queue = app[0]._queue
    assert queue.sleep_when_free == QUEUE_POLL_SECONDS == 0.005
    assert queue.progress_update_sleep_when_free == PROGRESS_POLL_SECONDS == 0.05


def test_no_python_event_has_a_layout_block_as_an_input_or_output(app):
    # Gradio's page re-reads, at every status message of every event, each component that an event with a Python
    # function has had as an input or output, a layout block with its whole subtree (links.SELECT_TAB_JS says why the
    # linked tab is chosen in the page). A gr.Tabs, Row or Column there would make every message re-read the page.
    demo = app[0]
    layout = (gr.Tabs, gr.Tab, gr.Row, gr.Column, gr.Group, gr.Accordion)
    tracked = [
        f"{getattr(block.fn, '__name__', block.fn)}: {type(component).__name__}"
        for block in demo.fns.values()
        if block.fn is not None
        for component in [*block.inputs, *block.outputs]
        if isinstance(component, layout)
    ]
    assert tracked == []
