"""Every number the app and the docs show, measured: the tools, kept out of the app's import path.

    python -m genmodels.measure.evaluate    # quality -> weights/metrics.json (+ metrics.md, docs/results.md block)
    python -m genmodels.measure.calibrate   # anomaly thresholds -> weights/anomaly.json
    python -m genmodels.measure.benchmark   # speed and memory -> weights/benchmark.json (+ .md, docs/performance.md)

evaluate: settings.py (what and how much), run.py (what the sections share), one module per section
(generation, guidance, reconstruction, denoising, anomaly, one_class), inception.py (the optional standard FID),
results.py (summary, merge, environment, the atomic JSON writer), report.py (the Markdown tables).
benchmark: speed.py (the timing harness), endpoints.py, diffusion_speed.py (with the plain reference loop).
The protocol of each is in docs/measuring.md.
"""
