"""genmodels.ui.patches: each workaround of Gradio internals is applied for the Gradio release it was written for,
does what it says, and is skipped with a warning under any other release."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import gradio as gr
import numpy as np
import pytest
from gradio import processing_utils
from PIL import Image

from genmodels.ui import patches
from genmodels.ui.components import common  # noqa: F401  (importing it applies write_pictures_once)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def another_gradio(monkeypatch):
    """The patches see a Gradio release none of them was written for."""
    monkeypatch.setattr(patches, "gradio_version", lambda: "99.0.0")


def test_every_patch_names_its_reason_and_the_installed_gradio_is_one_it_was_written_for():
    assert set(patches.PATCHES) == {
        "skip_stub_writer",
        "write_pictures_once",
        "slow_queue_polling",
        "mcp_tools",
        "mcp_tool_outputs",
    }
    assert patches.gradio_version() == gr.__version__
    for name, patch in patches.PATCHES.items():
        assert patch.reason and patch.written_for, name
        assert patches.fits(name), name


def test_a_release_it_was_not_written_for_is_refused_with_a_warning(another_gradio):
    for name in patches.PATCHES:
        with pytest.warns(RuntimeWarning, match=f"{name} not applied: written for Gradio .*found 99.0.0"):
            assert patches.fits(name) is False


@pytest.mark.parametrize("version, fits", [("6.31.0", True), ("6.31", True), ("6.310.0", False), ("6.3.1", False)])
def test_a_release_matches_whole_version_parts(monkeypatch, version, fits):
    monkeypatch.setitem(patches.PATCHES, "example", patches.Patch("example", "why", ("6.31",)))
    monkeypatch.setattr(patches, "gradio_version", lambda: version)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert patches.fits("example") is fits
    assert len(caught) == (0 if fits else 1)


# -- write_pictures_once ----------------------------------------------------------------------------------------


def picture() -> Image.Image:
    return Image.fromarray(np.arange(28 * 28, dtype=np.uint8).reshape(28, 28))


def test_cached_pictures_are_written_once_and_never_rewritten(tmp_path):
    assert processing_utils.save_pil_to_cache is patches._save_pil_to_cache_once  # applied when the UI is imported
    first = processing_utils.save_pil_to_cache(picture(), str(tmp_path), format="png")
    assert Image.open(first).tobytes() == picture().tobytes()
    # the same picture again: the file already there is handed out as it is, not truncated and written again
    # (which would let a visitor downloading it meanwhile get an empty or cut-off image)
    os.utime(first, (0, 0))
    inode = os.stat(first).st_ino
    with open(first, "ab") as handle:
        handle.write(b"marker")  # a rewrite would remove this
    again = processing_utils.save_pil_to_cache(picture(), str(tmp_path), format="png")
    assert again == first and os.stat(again).st_ino == inode
    assert Path(again).read_bytes().endswith(b"marker")
    assert os.stat(again).st_mtime > 0  # touched: the hourly cache purge keeps it as long again
    assert [path.name for path in Path(first).parent.iterdir()] == ["image.png"]  # no staging file left behind


def test_write_pictures_once_is_skipped_under_another_gradio(another_gradio, monkeypatch):
    monkeypatch.setattr(processing_utils, "save_pil_to_cache", "Gradio's own")
    with pytest.warns(RuntimeWarning, match="write_pictures_once not applied"):
        assert patches.write_pictures_once() is False
    assert processing_utils.save_pil_to_cache == "Gradio's own"


# -- slow_queue_polling -----------------------------------------------------------------------------------------


def queued_demo() -> gr.Blocks:
    with gr.Blocks() as demo:
        gr.Button("go").click(lambda: 1, None, gr.Number())
    demo.queue()
    return demo


def test_the_queue_polls_every_5_ms_and_sends_progress_every_50_ms():
    demo = queued_demo()
    assert demo._queue.sleep_when_free == 0.001  # Gradio's own: the attribute the patch sets exists, and matters
    assert patches.slow_queue_polling(demo) is True
    assert demo._queue.sleep_when_free == patches.QUEUE_POLL_SECONDS == 0.005
    assert demo._queue.progress_update_sleep_when_free == patches.PROGRESS_POLL_SECONDS == 0.05


def test_slow_queue_polling_is_skipped_under_another_gradio(another_gradio):
    demo = queued_demo()
    with pytest.warns(RuntimeWarning, match="slow_queue_polling not applied"):
        assert patches.slow_queue_polling(demo) is False
    assert demo._queue.sleep_when_free == 0.001


def three_endpoints() -> gr.Blocks:
    with gr.Blocks() as demo:
        box = gr.Number()
        for name in ("sample", "sample_right", "plot"):
            gr.Button(name).click(lambda x: x, box, box, api_name=name)
    return demo


def test_only_the_chosen_endpoints_are_mcp_tools_and_every_endpoint_stays_in_the_api():
    pytest.importorskip("mcp")
    from gradio.mcp import GradioMCPServer

    everything = GradioMCPServer(three_endpoints()).tool_to_endpoint  # Gradio's own: every public endpoint a tool
    assert sorted(everything.values()) == ["/plot", "/sample", "/sample_right"]
    demo = three_endpoints()
    assert patches.mcp_tools(demo, ["sample"]) is True
    assert patches.mcp_tools(demo, ["sample"]) is True  # once more (a hot reload): the same
    assert list(GradioMCPServer(demo).tool_to_endpoint.values()) == ["/sample"]
    assert sorted(demo.get_api_info()["named_endpoints"]) == ["/plot", "/sample", "/sample_right"]
    assert len(GradioMCPServer(three_endpoints()).tool_to_endpoint) == 3  # a demo that chose none keeps them all


def test_mcp_tools_is_skipped_under_another_gradio(another_gradio):
    demo = three_endpoints()
    with pytest.warns(RuntimeWarning, match="mcp_tools not applied"):
        assert patches.mcp_tools(demo, ["sample"]) is False
    assert not hasattr(demo, patches.MCP_TOOLS_ATTRIBUTE)


class FinishedJob:
    """What Gradio's MCP server awaits: a gradio_client job; result() is the client's answer."""

    def __init__(self, result):
        self._result = result

    def result(self):
        return self._result


def test_a_tool_with_several_outputs_returns_each_of_them(monkeypatch):
    pytest.importorskip("mcp")
    from gradio.mcp import GradioMCPServer

    method = GradioMCPServer._execute_tool_without_progress  # Gradio's own, or patched by an app built earlier
    monkeypatch.setattr(GradioMCPServer, "_execute_tool_without_progress", getattr(method, "__wrapped__", method))
    server = GradioMCPServer(three_endpoints())
    several = FinishedJob(("sheet.png", {"trajectory": 1}))  # the client's tuple: two outputs
    assert asyncio.run(server._execute_tool_without_progress(several)) == [several.result()]  # Gradio's own: one
    assert patches.mcp_tool_outputs() is True
    assert patches.mcp_tool_outputs() is True  # once more (a hot reload): the same
    assert asyncio.run(server._execute_tool_without_progress(several)) == ["sheet.png", {"trajectory": 1}]
    assert asyncio.run(server._execute_tool_without_progress(FinishedJob(["a", "b"]))) == [["a", "b"]]  # one output


# -- skip_stub_writer: only before `import gradio`, so in a fresh interpreter -------------------------------------

STUB_PROBE = """
import json, sys, warnings
from genmodels.ui import patches
if sys.argv[1] == "another":
    patches.gradio_version = lambda: "99.0.0"
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    installed = patches.skip_stub_writer()
import gradio as gr
import gradio.component_meta as meta
with gr.Blocks() as demo:  # components still build
    gr.Button("go").click(lambda: 3, None, gr.Number(), api_name="three")
print(json.dumps({
    "installed": installed,
    "warnings": [str(w.message) for w in caught],
    "stub_writer": meta.create_or_modify_pyi.__name__,
    "again": patches.skip_stub_writer(),
    "events": [fn.api_name for fn in demo.fns.values()],
}))
"""


def probe(release: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", STUB_PROBE, release], cwd=REPO, capture_output=True, text=True, timeout=180, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_skip_stub_writer_replaces_gradios_stub_writer_before_gradio_is_imported():
    seen = probe("installed")
    assert seen == {
        "installed": True,
        "warnings": [],
        "stub_writer": "_no_stub",
        "again": False,  # Gradio is imported now: too late, nothing changes
        "events": ["three"],
    }


def test_skip_stub_writer_leaves_another_gradio_alone():
    seen = probe("another")
    assert seen["installed"] is False and seen["stub_writer"] == "create_or_modify_pyi"
    assert len(seen["warnings"]) == 1 and "skip_stub_writer not applied" in seen["warnings"][0]
