"""Links to an exact view, and the results every tab shows when the page opens.

    ?tab=diffusion&class=Sneaker&w=3&seed=7     the Diffusion tab, those settings filled in, its gallery computed

Each tab's build() returns a TabView: its tab id, the Settings a link may carry (query name, input component,
how to read the text) and `compute`, which turns the settings into the tab's results. When the page loads,
every tab's view is computed (its defaults, or the link's values for the tab the link names), so no tab opens
blank. Seeded results are recomputed from the link, never looked up in Gradio's file cache (purged hourly); the
tabs keep the few results that take long (diffusion) in memory with `remembered`, keyed by their settings.

A bad value in a link is ignored with a warning and the default kept; unknown names are ignored (Gradio uses
some itself, such as `__theme` and `view`). "Share via link" builds the same query string from the current tab
and its inputs. The parameter names of every tab are listed in the README ("Links to a view").
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr

from genmodels.checks import check_float, check_int
from genmodels.ui import static
from genmodels.ui.i18n import say, t

from .common import MODEL_EVENT, example_label

TAB_PARAMETER = "tab"
LINK_EVENT = {"api_visibility": "private", "concurrency_limit": None}  # queued (warnings need the queue), no model


# -- reading the text of a link --------------------------------------------------------------------------------


def slug(text: str) -> str:
    """'Ankle boot' / 'T-shirt/top' -> 'ankle-boot' / 't-shirt-top': how a name may be typed into a link."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def integer(low: int, high: int) -> Callable[[str], int]:
    return lambda text: check_int(int(text), "value", low, high)


def number(low: float, high: float) -> Callable[[str], float]:
    return lambda text: check_float(float(text), "value", low, high)


def boolean(text: str) -> bool:
    """An on/off setting: 1/true/on/yes or 0/false/off/no."""
    lowered = text.strip().lower()
    if lowered in ("1", "true", "on", "yes"):
        return True
    if lowered in ("0", "false", "off", "no"):
        return False
    raise ValueError("must be 1 or 0")


def one_of(choices) -> Callable[[str], str]:
    """A choice by its value (exactly, or its slug): choices are values or Gradio's (label, value) pairs."""
    values = [choice[1] if isinstance(choice, tuple) else choice for choice in choices]
    by_slug = {slug(value): value for value in values}

    def parse(text: str) -> str:
        if text in values:
            return text
        if slug(text) in by_slug:
            return by_slug[slug(text)]
        raise ValueError(f"must be one of {', '.join(values)}")

    return parse


def as_text(value) -> str | None:
    """A component value -> its text in a link (floats as short as they stay exact: 1.0 -> '1')."""
    if value is None:
        return None
    if isinstance(value, float):
        return format(value, "g") if float(format(value, "g")) == value else repr(value)
    return str(value)


@dataclass(frozen=True)
class Setting:
    """One setting a link may carry: `name` in the query string, the input `component` it fills."""

    name: str
    component: gr.components.Component
    parse: Callable[[str], Any]  # link text -> value; raises ValueError when the text is not valid
    default: Any = None  # the value without a link; None: the component's initial value
    show: Callable[[Any], Any] = lambda value: value  # value -> what the component displays
    text: Callable[[Any], str | None] = as_text  # the component's current value -> link text (None: not linkable)

    @property
    def initial(self):
        return self.component.value if self.default is None else self.default


class Examples:
    """The example pictures a link can name (an upload cannot travel in a link): name -> file.

    Names are the files' labels ('Sneaker'); `prefix` tells two sets apart ('noisy Sneaker')."""

    def __init__(self, *sets: tuple[str, list[str]]):
        self.files = {f"{prefix} {example_label(path)}".strip(): path for prefix, paths in sets for path in paths}
        self._by_digest = {hashlib.sha256(Path(path).read_bytes()).digest(): name for name, path in self.files.items()}

    def setting(self, component, default: str) -> Setting:
        """The `example` setting of an image input; `default` (or else the first example) when the page opens."""
        default = default if default in self.files else next(iter(self.files))
        return Setting("example", component, one_of(list(self.files)), default, self.files.get, self.name_of)

    def read_bytes(self, name: str) -> bytes:
        return Path(self.files[name]).read_bytes()

    def name_of(self, value) -> str | None:
        """The example an image input shows, recognised by its bytes (Gradio copies it under another path)."""
        path = value.get("path") if isinstance(value, dict) else value
        try:
            return self._by_digest.get(hashlib.sha256(Path(path).read_bytes()).digest()) if path else None
        except OSError:
            return None


def remembered(fn):
    """Keep the last results of a slow, deterministic view in memory (seeded: the same settings, the same
    pictures), so that every page load of a popular link does not run the sampler again."""
    return functools.lru_cache(maxsize=16)(fn)


# -- the view of one tab ---------------------------------------------------------------------------------------


@dataclass
class TabView:
    """What a tab shows when the page opens, and the settings a link to it may carry.

    compute(*values) -> the values of `outputs`, values in the order of `settings`; a compute that takes a
    `request` parameter gets the page's gr.Request (for text in the visitor's language)."""

    tab_id: str
    settings: list[Setting]
    compute: Callable[..., tuple]
    outputs: list[gr.components.Component]
    wants_request: bool = field(init=False)

    def __post_init__(self):
        self.wants_request = "request" in inspect.signature(self.compute).parameters

    def read(self, query: dict) -> tuple[list, list[str]]:
        """The link's values for this tab (the defaults when the link names another tab) -> values, problems."""
        values, problems = [], []
        ours = query.get(TAB_PARAMETER) == self.tab_id
        for setting in self.settings:
            value = setting.initial
            if ours and setting.name in query:
                try:
                    value = setting.parse(query[setting.name])
                except (ValueError, TypeError) as error:
                    problems.append((setting.name, query[setting.name], str(error).replace("value ", ""), value))
            values.append(value)
        return values, problems

    def fill(self, request: gr.Request) -> list:
        """The load event's quick half: the link's values (or the defaults) shown in the settings."""
        values, problems = self.read(dict(request.query_params))
        for name, text, why, default in problems:
            gr.Warning(say(request, "link_ignored", name=name, value=text, why=why, default=default))
        return [setting.show(value) for setting, value in zip(self.settings, values)]

    def open(self, request: gr.Request):
        """The load event's slow half: the results of the link's values, which `fill` has just shown."""
        values, _ = self.read(dict(request.query_params))
        try:
            results = self.compute(*values, request=request) if self.wants_request else self.compute(*values)
        except gr.Error as error:  # a missing model: say so, and leave that tab's results empty
            gr.Warning(say(request, "view_unavailable", tab=self.tab_id, why=error.message))
            results = [gr.skip()] * len(self.outputs)
        return list(results)

    def fill_event(self, request: gr.Request):
        """`fill` as the load event calls it (see `event_value`)."""
        return self.event_value(self.fill(request), self.settings)

    def open_event(self, request: gr.Request):
        """`open` as the load event calls it (see `event_value`)."""
        return self.event_value(self.open(request), self.outputs)

    @staticmethod
    def event_value(values: list, outputs: list):
        """Gradio takes a one-output event's return value as that output's value, not as a list of values."""
        return values[0] if len(outputs) == 1 else values

    def query(self, values: list) -> dict[str, str]:
        """The current values of this tab's inputs -> the query parameters of a link to this view."""
        pairs = {TAB_PARAMETER: self.tab_id}
        for setting, value in zip(self.settings, values):
            text = setting.text(value)
            if text is not None:
                pairs[setting.name] = text
        return pairs


# -- the page: tab selection, first views, the share button ----------------------------------------------------

# JavaScript run after the query string comes back: the full address of this page with it, put on the clipboard
# (when the page may write there) and shown in the box to copy by hand.
COPY_LINK_JS = static.read("copy_link.js")


# JavaScript run when the page loads: the tab a link names -> an update of the gr.Tabs selecting it (no change for
# another value; the server warns about it). Chosen in the page rather than by a Python load event: Gradio's page
# answers every status message of every later event by re-reading each component that any event with a Python
# function has had as an input or output, a layout block with its whole subtree, so a gr.Tabs output made each
# message re-read the entire page. A JavaScript-only event has no status messages, and its outputs are not tracked.
# Measured on the Diffusion tab's default request in Chromium (scripts/probe_browser_ab.py --rounds 10, interleaved
# with the version before): the browser's CPU per click 1.02 s instead of 1.25 s, the finished sheet 2.75 s instead
# of 2.82 s.
SELECT_TAB_JS = static.read("select_tab.js")  # PARAMETER and TAB_IDS are filled in by connect()


def share_controls() -> tuple[gr.Button, gr.Textbox]:
    """The "Share via link" button and the box that shows the link (hidden until it is used)."""
    button = gr.Button(t("share_link"), size="md", scale=0, min_width=160, elem_id="share-link")
    box = gr.Textbox(
        label=t("share_link_label"),
        visible=False,
        interactive=False,
        buttons=["copy"],
        elem_id="share-link-url",
        render=False,  # placed under the header by the caller
    )
    return button, box


def connect(demo: gr.Blocks, tabs: gr.Tabs, views: list[TabView], button: gr.Button, box: gr.Textbox) -> None:
    """Wire the page: open the linked tab, compute every tab's first view, build links from the current view."""
    tab_ids = [child.id for child in tabs.children if isinstance(child, gr.Tab)]
    current = gr.State(tab_ids[0])
    for child in tabs.children:
        if isinstance(child, gr.Tab):
            child.select(lambda tab_id=child.id: tab_id, outputs=current, api_visibility="private", queue=False)

    def record_linked_tab(request: gr.Request):
        """The linked tab -> `current` (the page selects it: SELECT_TAB_JS); an unknown one -> a warning."""
        wanted = dict(request.query_params).get(TAB_PARAMETER)
        if wanted in tab_ids:
            return wanted
        if wanted is not None:
            why = "one of " + ", ".join(tab_ids)
            gr.Warning(say(request, "link_ignored", name=TAB_PARAMETER, value=wanted, why=why, default=tab_ids[0]))
        return gr.skip()

    select_tab = SELECT_TAB_JS.replace("PARAMETER", json.dumps(TAB_PARAMETER)).replace("TAB_IDS", json.dumps(tab_ids))
    demo.load(None, outputs=tabs, js=select_tab)
    demo.load(record_linked_tab, outputs=current, **LINK_EVENT)
    for view in views:
        components = [setting.component for setting in view.settings]
        # the settings first, in a quick event of their own, so they are not busy while the results compute; then
        # each tab's results on its own event, so the quick tabs show theirs without waiting for diffusion, in the
        # models' concurrency group like every model event (the tabs' compute runs in model_fn: spaces.GPU)
        demo.load(view.fill_event, outputs=components, **LINK_EVENT).then(
            view.open_event, outputs=view.outputs, api_visibility="private", **MODEL_EVENT
        )

    inputs = [setting.component for view in views for setting in view.settings]

    def link_query(tab_id, *values):
        offset = 0
        for view in views:
            count = len(view.settings)
            if view.tab_id == tab_id:
                query = view.query(list(values[offset : offset + count]))
                return gr.Textbox(value="?" + urllib.parse.urlencode(query), visible=True)
            offset += count
        return gr.Textbox(value="?" + urllib.parse.urlencode({TAB_PARAMETER: tab_id}), visible=True)

    button.click(link_query, inputs=[current, *inputs], outputs=box, api_visibility="private", queue=False).then(
        None, inputs=box, outputs=box, js=COPY_LINK_JS, api_visibility="private", queue=False
    )
