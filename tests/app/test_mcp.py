"""The MCP server (docs/mcp.md): `python app.py --mcp` (Gradio's switch, GRADIO_MCP_SERVER=True), reached with the
`mcp` client package over Streamable HTTP. The tools are the curated endpoints, each described with
its arguments' ranges, and a tool's image has exactly the pixels the same endpoint gives a gradio_client caller.
"""

from __future__ import annotations

import asyncio
import base64
import io

import numpy as np
import pytest
from gradio_client import Client, handle_file
from PIL import Image

from genmodels.ui.app import MCP_TOOLS
from tests.support.app_server import REPO, WEIGHTS, build_random_weights, real_weights_complete, running_app

mcp = pytest.importorskip("mcp")
from mcp.client.streamable_http import streamable_http_client  # noqa: E402

SNEAKER = REPO / "assets" / "examples" / "fashion" / "7_Sneaker.png"
GAN_ARGUMENTS = {"n": 5, "seed": 7, "variant": "wgan-gp", "truncation": 0.8}


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("mcp-app")
    weights = WEIGHTS if real_weights_complete() else build_random_weights(workdir / "weights")
    with running_app(weights, workdir, args=["--mcp"]) as app_url:
        yield app_url


def in_session(url: str, work):
    """Run `work(session)` in one MCP session with the app's server -> its result."""

    async def run():
        async with streamable_http_client(url + "gradio_api/mcp/") as (read, write, _session_id):
            async with mcp.ClientSession(read, write) as session:
                await session.initialize()
                return await work(session)

    return asyncio.run(run())


def test_the_tools_are_the_curated_endpoints_each_described_with_its_ranges(url):
    tools = {tool.name: tool for tool in in_session(url, lambda session: session.list_tools()).tools}
    assert sorted(tools) == sorted(MCP_TOOLS)
    for name, tool in tools.items():
        arguments = tool.inputSchema["properties"]
        assert tool.description and "Returns:" in tool.description, name
        assert all(argument.get("description") for argument in arguments.values()), name
    assert "1..64" in tools["gan_sample"].inputSchema["properties"]["n"]["description"]
    assert "0..10" in tools["diffusion_sample"].inputSchema["properties"]["guidance_scale"]["description"]


def test_a_tool_returns_the_pixels_of_the_endpoint(url):
    result = in_session(url, lambda session: session.call_tool("gan_sample", GAN_ARGUMENTS))
    assert not result.isError, result.content
    (image,) = [content for content in result.content if content.type == "image"]
    assert image.mimeType == "image/png"  # lossless: the sheet's pixels survive
    from_api = Image.open(Client(url, verbose=False).predict(*GAN_ARGUMENTS.values(), api_name="/gan_sample"))
    assert np.array_equal(pixels(image), np.asarray(from_api.convert("L")))


def pixels(content) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(content.data))).convert("L"))


def test_an_upload_as_a_data_uri_and_several_outputs(url):
    """An image argument is an http(s) URL or a data: URI; each output comes back on its own, in order."""
    sneaker = SNEAKER.read_bytes()
    uri = "data:image/png;base64," + base64.b64encode(sneaker).decode()
    result = in_session(url, lambda session: session.call_tool("reconstruct", {"image": uri, "model": "ae"}))
    assert not result.isError, result.content
    recon, error, mse = [content for content in result.content if content.type != "text" or "URL" not in content.text]
    api = Client(url, verbose=False).predict(handle_file(str(SNEAKER)), "ae", api_name="/reconstruct")
    assert np.array_equal(pixels(recon), np.asarray(Image.open(api[0]).convert("L")))
    assert np.array_equal(pixels(error), np.asarray(Image.open(api[1]).convert("L")))
    assert float(mse.text) == pytest.approx(api[2])


def test_the_diffusion_tool_returns_the_finished_sheet(url):
    arguments = dict(class_name="Bag", guidance_scale=2.0, sampler="DDIM", steps=5, eta=1.0, n=2, seed=3)
    result = in_session(url, lambda session: session.call_tool("diffusion_sample", arguments))
    assert not result.isError, result.content
    (image,) = [content for content in result.content if content.type == "image"]
    sheet = Client(url, verbose=False).predict(*arguments.values(), api_name="/diffusion_sample")
    assert np.array_equal(pixels(image), np.asarray(Image.open(sheet).convert("L")))


def test_a_bad_argument_is_the_endpoints_message(url):
    result = in_session(url, lambda session: session.call_tool("gan_sample", {**GAN_ARGUMENTS, "n": 1000}))
    assert result.isError and [content.text for content in result.content] == [
        "n must be an integer in [1, 64], got 1000"
    ]
