"""Start the app sooner: skip the work `import gradio` does for editors and notebooks, not for a server.

    from genmodels import quick_start
    quick_start.serve_only()   # before anything imports gradio (app.py does this when run as a script)
    import gradio as gr
    ...                        # load the models, build the demo
    quick_start.started()      # the garbage collector back on

Measured here (2 cores, `python -X importtime`): of the ~6 s `import gradio` takes, ~3 s go to writing type
stubs and ~0.4 s to IPython. Gradio's component metaclass regenerates a `.pyi` stub for every component class it
defines, at every import (it reads and parses each component's source file, then rewrites the stub when it
differs): editors read those stubs, a running server never does. And wherever IPython is installed, Gradio
imports it for its notebook magics, and launch() imports it again to ask whether it runs in a notebook.
And the garbage collector, triggered every 700 allocations, walks the ever-growing heap of modules, classes and
components again and again while they are created (~1.4 s here), though start-up makes almost no garbage:
it is off until started(), which freezes what start-up made (gc.freeze: later collections skip it) and turns
it back on.

serve_only() changes neither Gradio's behaviour nor its files: the stubs already on disk stay as they are, and
when gradio or IPython is already imported (a notebook, a runner that imported Gradio first) it does nothing.
"""

from __future__ import annotations

import gc
import importlib.abc
import importlib.machinery
import sys

# The module whose stub writer is skipped, and the writer's name there (Gradio 5 and 6).
COMPONENT_META = "gradio.component_meta"
STUB_WRITER = "create_or_modify_pyi"


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


def serve_only() -> bool:
    """Before `import gradio`: skip Gradio's stub writing and its IPython import, and collect no garbage until
    started(). True when it took effect."""
    if "gradio" in sys.modules:
        return False
    gc.disable()
    if "IPython" not in sys.modules:
        sys.modules["IPython"] = None  # `import IPython` now raises ImportError, which Gradio handles as "absent"
    if not any(isinstance(finder, _SkipStubWriter) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SkipStubWriter())
    return True


def started() -> None:
    """Start-up is over: keep what it made out of every later collection, and collect garbage again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
