"""The Gradio app around a Zoo, one folder per tab.

    from genmodels.zoo import Zoo
    from genmodels.ui.app import build_demo, launch_options
    demo = build_demo(Zoo("weights"))
    demo.launch(**launch_options())

- app.py: builds the demo from the tabs, in order; launch options.
- tabs/<tab>/: view.py builds the tab and wires its events to the zoo; text.py holds its strings, English and
  Korean side by side.
- components/: what several tabs share: event declarations and picture widgets, links to a view, plots,
  measured tables, training curves, the nearest-training-images panel.
- i18n.py: the one translation scheme; names.py: the names of models and families a visitor reads.
- patches.py: every workaround of Gradio internals; static/: the page's CSS and JavaScript.

Importing this package imports nothing else (genmodels.quick_start imports ui.patches before Gradio).
"""
