"""Every workaround of Gradio internals, in one module: what each changes, why, and for which Gradio release.

Each patch reaches into something Gradio does not offer as a setting, so each is applied only for the Gradio
releases it was read against (PATCHES[name].written_for, compared with the installed version, which is
gradio.__version__); under any other release it is skipped with a warning, and tests/test_patches.py checks that
each is applied and does what it says.

- skip_stub_writer(): before `import gradio`, skip the `.pyi` stubs its components write (genmodels.quick_start)
- write_pictures_once(): output pictures written once and atomically, so two visitors never share a half-written file
- slow_queue_polling(demo): the queue's idle polling slowed down, to leave the cores to torch
- mcp_tools(demo, api_names): only the named endpoints are MCP tools; every other stays a public web API endpoint
- mcp_tool_outputs(): a tool with several outputs returns each of them, not one text of them all

This module imports no Gradio at its top: skip_stub_writer must run before Gradio is imported.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import importlib.metadata
import os
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Patch:
    name: str
    reason: str  # in one line; the function's comment has the measurement
    written_for: tuple[str, ...]  # Gradio releases (a version or its prefix) whose internals it was read against


PATCHES = {
    patch.name: patch
    for patch in (
        Patch("skip_stub_writer", "a server never reads the type stubs Gradio rewrites at every import", ("5", "6")),
        Patch(
            "write_pictures_once", "Gradio rewrites a shared cached picture while another visitor reads it", ("6.31",)
        ),
        Patch("slow_queue_polling", "Gradio's queue wakes 1,000 times a second, taking cores from torch", ("6.31",)),
        Patch("mcp_tools", "Gradio makes every public endpoint an MCP tool, with no setting per event", ("6.31",)),
        Patch("mcp_tool_outputs", "Gradio's MCP tools return several outputs as one text (or fail)", ("6.31",)),
    )
}


def gradio_version() -> str:
    """The installed Gradio's version, read without importing Gradio (skip_stub_writer runs before that)."""
    return importlib.metadata.version("gradio")


def fits(name: str) -> bool:
    """True when the installed Gradio is a release the patch was written for; otherwise warn and say False."""
    patch, version = PATCHES[name], gradio_version()
    if any(version == release or version.startswith(release + ".") for release in patch.written_for):
        return True
    warnings.warn(
        f"genmodels.ui.patches: {name} not applied: written for Gradio {' / '.join(patch.written_for)}, "
        f"found {version} ({patch.reason}); check it against this release",
        RuntimeWarning,
        stacklevel=3,
    )
    return False


# -- 1. Gradio's type stubs ---------------------------------------------------------------------------------
# Gradio's component metaclass regenerates a `.pyi` stub for every component class it defines, at every import: it
# reads and parses each component's source file, and rewrites the stub when it differs (~3 s of the ~6 s `import
# gradio` takes on 2 cores, `python -X importtime`). Editors read those stubs; a running server never does.
COMPONENT_META = "gradio.component_meta"  # the module whose stub writer is skipped
STUB_WRITER = "create_or_modify_pyi"  # the writer's name there


def _no_stub(*args, **kwargs) -> None:
    """Stands in for Gradio's stub writer: a server never reads the stubs."""


class _SkipStubWriter(importlib.abc.MetaPathFinder):
    """Finds gradio.component_meta like the normal finders do, and swaps its stub writer out right after the
    module runs, before any component class is defined. It removes itself after that one module."""

    def find_spec(self, name, path, target=None):
        if name != COMPONENT_META:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        run_module = spec.loader.exec_module

        def exec_module(module):
            run_module(module)
            if callable(getattr(module, STUB_WRITER, None)):  # another Gradio layout: leave it alone
                setattr(module, STUB_WRITER, _no_stub)

        spec.loader.exec_module = exec_module
        return spec


def skip_stub_writer() -> bool:
    """Before `import gradio`: its components will write no type stubs (the stubs on disk stay as they are).
    True when installed; False when Gradio is already imported or is another release."""
    if COMPONENT_META in sys.modules or not fits("skip_stub_writer"):
        return False
    if not any(isinstance(finder, _SkipStubWriter) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SkipStubWriter())
    return True


# -- 2. cached output pictures -----------------------------------------------------------------------------
# Gradio 6.31 saves each output picture as <cache>/<sha256 of its bytes>/image.png with a plain write_bytes
# (truncate, then write), even when the file is already there. Two visitors who get the same picture at the
# same moment (the same example or seed: common) share that path, and one can download it while the other's
# request is rewriting it: an empty or cut-off image (tests/test_load.py: 8 visitors x 5 identical /gan_sample
# requests, 17 of 640 downloads failed). A content-addressed file never changes, so it is written once,
# atomically (a temporary name, then os.replace), as Gradio already does for copied files
# (processing_utils.save_file_to_cache).


def _save_pil_to_cache_once(img, cache_dir: str, name: str = "image", format: str = "webp") -> str:
    from gradio import processing_utils as gradio_files

    data = gradio_files.encode_pil_to_bytes(img, format)
    folder = Path(cache_dir) / gradio_files.hash_bytes(data)
    folder.mkdir(exist_ok=True, parents=True)
    path = (folder / f"{name}.{format}").resolve()
    if path.exists():
        os.utime(path)  # delete_cache ages files by time: a picture handed out again is kept as long again
        return str(path)
    descriptor, staging = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
    return str(path)


def write_pictures_once() -> bool:
    """Gradio's processing_utils.save_pil_to_cache -> _save_pil_to_cache_once. True when applied."""
    if not fits("write_pictures_once"):
        return False
    from gradio import processing_utils as gradio_files

    gradio_files.save_pil_to_cache = _save_pil_to_cache_once
    return True


# -- 3. the queue's polling ---------------------------------------------------------------------------------
# Gradio's queue looks for a job to start every 1 ms while it has none to start, and for progress to send every 10 ms:
# a thousand wake-ups a second of the server's event loop, each taking a core from torch's OpenMP team, whose threads
# all wait for the slowest one. DDIM-25, w = 3, one image, timed inside the app against the same call in-process
# (15 requests each, interleaved, two runs): 1.18x and 1.21x at Gradio's 1 ms / 10 ms, 1.09x and 1.11x at 5 ms / 50 ms.
# The price: a request waits up to 5 ms more to start, and a progress update up to 50 ms (they come once a second).
QUEUE_POLL_SECONDS = 0.005
PROGRESS_POLL_SECONDS = 0.05
# The attributes of Gradio's Queue that hold those intervals (no public setting)
QUEUE_INTERVALS = {"sleep_when_free": QUEUE_POLL_SECONDS, "progress_update_sleep_when_free": PROGRESS_POLL_SECONDS}


def slow_queue_polling(demo) -> bool:
    """Set demo's queue polling intervals to QUEUE_POLL_SECONDS / PROGRESS_POLL_SECONDS. True when applied."""
    if not fits("slow_queue_polling"):
        return False
    for name in QUEUE_INTERVALS:
        if not hasattr(demo._queue, name):
            warnings.warn(
                f"genmodels.ui.patches: Gradio's Queue has no {name}; not slowed", RuntimeWarning, stacklevel=2
            )
            return False
    for name, seconds in QUEUE_INTERVALS.items():
        setattr(demo._queue, name, seconds)
    return True


# -- 4. which endpoints are MCP tools -----------------------------------------------------------------------
# Gradio 6.31's MCP server (GRADIO_MCP_SERVER=True) makes every public endpoint a tool named after its function
# (GradioMCPServer.get_tool_to_endpoint, run when launch() creates the server); the only setting per event,
# api_visibility, would take the endpoint out of the web API too. So the contract's endpoints stay public, and an
# agent gets the curated ones only: the others are neither listed nor callable as tools.
MCP_TOOLS_ATTRIBUTE = "genmodels_mcp_tools"  # on the demo: the chosen api_names; on Gradio's method: "patched"


def mcp_tools(demo, api_names) -> bool:
    """Serve only the endpoints `api_names` (without "/") as demo's MCP tools. True when applied."""
    if not fits("mcp_tools"):
        return False
    from gradio.mcp import GradioMCPServer  # imports without the mcp package; the server itself needs it

    setattr(demo, MCP_TOOLS_ATTRIBUTE, frozenset(api_names))
    every_endpoint = GradioMCPServer.get_tool_to_endpoint
    if getattr(every_endpoint, MCP_TOOLS_ATTRIBUTE, False):  # patched already (another demo, a hot reload)
        return True

    def curated_endpoints(server) -> dict[str, str]:
        chosen = getattr(server.blocks, MCP_TOOLS_ATTRIBUTE, None)
        tools = every_endpoint(server)
        return tools if chosen is None else {tool: api for tool, api in tools.items() if api.lstrip("/") in chosen}

    setattr(curated_endpoints, MCP_TOOLS_ATTRIBUTE, True)
    GradioMCPServer.get_tool_to_endpoint = curated_endpoints
    return True


# -- 5. a tool's outputs ---------------------------------------------------------------------------------------
# Gradio 6.31's MCP server, when the client asks for no progress reports (GradioMCPServer
# ._execute_tool_without_progress), wraps the loopback client's result in a list: an endpoint with several outputs
# (a tuple) becomes one output, sent as the text of the tuple, and one with a gr.State output fails ("pop index out
# of range": /diffusion_sample). With progress reports it gets the list of outputs; so does every call once the tuple
# is unpacked.
def mcp_tool_outputs() -> bool:
    """GradioMCPServer._execute_tool_without_progress -> the list of the endpoint's outputs. True when applied."""
    if not fits("mcp_tool_outputs"):
        return False
    from gradio.mcp import GradioMCPServer

    wrapped = GradioMCPServer._execute_tool_without_progress
    if getattr(wrapped, "genmodels_patched", False):
        return True

    @functools.wraps(wrapped)  # keeps Gradio's method as __wrapped__
    async def outputs(server, job) -> list:
        (result,) = await wrapped(server, job)
        return list(result) if isinstance(result, tuple) else [result]  # the client gives a tuple for several outputs

    outputs.genmodels_patched = True
    GradioMCPServer._execute_tool_without_progress = outputs
    return True
