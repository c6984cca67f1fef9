"""docs/API.md is the contract: the app's endpoints and the document agree both ways, parameter for parameter.

The demo is built in this process from an empty weights folder, without a server: every model is missing, but the
events, their api_names and their parameters are the ones the app has with weights (the UI wires every event either
way). The public endpoints are what the "Use via API" page and `gradio_client.Client.view_api` list; Gradio's own
"undocumented" helpers (an Examples table's `/load_example`) are not ours to document.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "API.md"
# a table row whose first cell is an api_name; its second cell is the inputs, each parameter's name in bold
ENDPOINT_ROW = re.compile(r"^\|\s*`(/\w+)`\s*\|(.*?)(?<!\\)\|")
PARAMETER = re.compile(r"\*\*(\w+)\*\*")


def documented_endpoints(markdown: str) -> dict[str, list[str]]:
    """api_name -> its parameter names in order, from every table row of the document that starts with one."""
    endpoints = {}
    for line in markdown.splitlines():
        row = ENDPOINT_ROW.match(line)
        if row:
            name, inputs = row.groups()
            assert name not in endpoints, f"{name} is documented twice"
            endpoints[name] = PARAMETER.findall(inputs)
    return endpoints


@pytest.fixture(scope="module")
def app_info(tmp_path_factory) -> dict:
    from genmodels.ui.app import build_demo
    from genmodels.zoo import Zoo

    demo = build_demo(Zoo(tmp_path_factory.mktemp("contract") / "no-weights", device="cpu"))
    return demo.get_api_info()


@pytest.fixture(scope="module")
def app_endpoints(app_info) -> dict[str, list[str]]:
    return {
        name: [parameter["parameter_name"] for parameter in endpoint["parameters"]]
        for name, endpoint in app_info["named_endpoints"].items()
    }


@pytest.fixture(scope="module")
def documented() -> dict[str, list[str]]:
    return documented_endpoints(API_DOC.read_text())


def test_the_reader_takes_bold_names_from_the_inputs_cell_only():
    markdown = (
        "| api_name | inputs | outputs |\n|---|---|---|\n"
        '| `/walk` | **seed_a** SEED, **steps** 2..64, **variant** `"dcgan"`, `"sn-gan"` '
        "| frames \\| **not_an_input** |\n"
        "| `/none` |  | text |\nprose mentioning `/walk` and **seed**\n"
    )
    assert documented_endpoints(markdown) == {"/walk": ["seed_a", "steps", "variant"], "/none": []}


def test_the_document_lists_the_first_contracts_endpoints(documented):
    first = ("/reconstruct", "/denoise", "/vae_sample", "/gan_sample", "/diffusion_sample", "/interpolate", "/anomaly")
    assert set(first) <= set(documented)
    first_seven = ["class_name", "guidance_scale", "sampler", "steps", "eta", "n", "seed"]
    assert documented["/diffusion_sample"] == [*first_seven, "spacing"]  # added last: positional calls still work


def test_every_documented_endpoint_exists_in_the_app(documented, app_endpoints):
    missing = sorted(set(documented) - set(app_endpoints))
    assert not missing, f"docs/API.md documents endpoints the app does not have: {missing}"


def test_every_endpoint_of_the_app_is_documented(documented, app_endpoints, app_info):
    undocumented = sorted(set(app_endpoints) - set(documented))
    assert not undocumented, f"endpoints missing from docs/API.md: {undocumented}"
    assert not app_info["unnamed_endpoints"], "every public event needs an api_name (and a row in docs/API.md)"


def test_each_endpoints_parameters_are_documented_by_name_in_order(documented, app_endpoints):
    differ = {
        name: {"app": app_endpoints[name], "docs/API.md": parameters}
        for name, parameters in documented.items()
        if name in app_endpoints and app_endpoints[name] != parameters
    }
    assert not differ, f"parameters differ: {differ}"
