"""The benchmark's sections (`genmodels benchmark`): timing (the harness: synchronised clocks, interleaved medians,
peak memory), endpoints (each API endpoint's zoo call, loading, start-up), diffusion (samplers, the first frame,
the plain reference loop), app (requests through gradio_client) and browser (a click in Chromium)."""
