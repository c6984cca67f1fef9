"""Start the app sooner: skip the work `import gradio` does for editors and notebooks, not for a server.

    from genmodels import quick_start
    quick_start.serve_only()   # before anything imports gradio (app.py does this when run as a script)
    import gradio as gr
    ...                        # load the models, build the demo
    quick_start.started()      # the garbage collector back on

Measured here (2 cores, `python -X importtime`): of the ~6 s `import gradio` takes, ~3 s go to writing type
stubs and ~0.4 s to IPython. Gradio's component metaclass regenerates a `.pyi` stub for every component class it
defines, at every import: editors read those stubs, a running server never does (genmodels.ui.patches
.skip_stub_writer skips them, for the Gradio releases it was written for). And wherever IPython is installed, Gradio
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
import sys

from .ui import patches


def serve_only() -> bool:
    """Before `import gradio`: skip Gradio's stub writing and its IPython import, and collect no garbage until
    started(). True when it took effect."""
    if "gradio" in sys.modules:
        return False
    gc.disable()
    if "IPython" not in sys.modules:
        sys.modules["IPython"] = None  # `import IPython` now raises ImportError, which Gradio handles as "absent"
    patches.skip_stub_writer()  # the patch of Gradio's internals, with its version guard
    return True


def started() -> None:
    """Start-up is over: keep what it made out of every later collection, and collect garbage again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
