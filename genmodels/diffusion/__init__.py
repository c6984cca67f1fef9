"""The class-conditional diffusion model's sampling side, one job per module:

- pipeline:  FashionDiffusionPipeline, a diffusers pipeline over diffusers' stock schedulers
- samplers:  which stock scheduler each sampler name runs (DDPM, DDIM, DPM++ 2M, UniPC, ...) and how it is made
- schedule:  the timestep arithmetic (SNR, sigma -> t, the guidance scale at t) and seeded noise
- precision: the autocast dtype a device can run (bf16 only where the CPU has it natively)
- limits:    what a request may ask for (steps, guidance, eta, samplers), shared with the zoo and the UI
- arguments: the argument checks and seed -> generator, shared with the package (genmodels.checks)

These six import only torch and diffusers (relative imports among themselves): weights/diffusion links to them,
so that diffusers alone can run the pipeline (docs/hub.md).

Nothing is imported here, so `limits` stays importable without diffusers (~4 s on a 2-core CPU).
"""
