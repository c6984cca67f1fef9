"""Every number the app and the docs show, measured: the tools, kept out of the app's import path.

    genmodels evaluate       # quality -> weights/metrics.json (+ metrics.md, docs/results.md block)
    genmodels memorisation   # samples against the training set -> metrics.json["memorisation"]
    genmodels benchmark      # speed and memory -> weights/benchmark.json (+ benchmark.md, docs/performance.md block)

(or python -m genmodels.measure.evaluate, .memorisation, .benchmark). evaluate's sections are in quality/,
benchmark's in speed/; results.py (summary, merge, environment, the atomic JSON writer) and report.py (the Markdown
tables) serve both. The files the app ships besides the networks are built by genmodels.build.
The protocol of each is in docs/measuring.md.
"""
