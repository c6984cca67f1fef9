"""FashionDiffusionPipeline on a tiny random UNet: sampling, guidance, trajectories, forward process,
SDEdit, the noise estimator, saving / loading, the reference loop and argument checks.

Run: HF_HUB_OFFLINE=1 python -m pytest -q tests/test_pipeline.py   (~16 s on one busy thread, ~7 s of it tests)
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch
from diffusers import DDIMScheduler, DDPMScheduler, UNet2DModel
from PIL import Image

from genmodels import images
from genmodels.diffusion.pipeline import DDIM_ETA, SAMPLERS, SPACINGS, STOCHASTIC, FashionDiffusionPipeline
from genmodels.diffusion.precision import cpu_has_native_bf16, resolve_autocast_dtype
from genmodels.diffusion.schedule import sigma_to_timestep, signal_to_noise
from genmodels.filters import estimate_noise_sigma
from genmodels.measure.speed.diffusion import plain_loop
from genmodels.models.unet import NULL_CLASS, UNET_CONFIG, build_unet

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "weights" / "diffusion"
FASHION_TEST_FILE = Path(__file__).parents[1] / "fixtures" / "fashion_test_1000.npz"
TINY = dict(block_out_channels=(8, 16, 16), norm_num_groups=4, attention_head_dim=8)
LABELS = [0, 3, 7, 9]


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def make_scheduler() -> DDPMScheduler:
    """A training scheduler: 1000 steps, cosine, ε-prediction (the shipped v-prediction has its own tests below)."""
    return DDPMScheduler(num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2", prediction_type="epsilon")


@pytest.fixture(scope="module")
def pipe() -> FashionDiffusionPipeline:
    torch.manual_seed(0)
    pipeline = FashionDiffusionPipeline(unet=build_unet(**TINY).eval(), scheduler=make_scheduler())
    pipeline.set_progress_bar_config(disable=True)
    return pipeline


@pytest.fixture(scope="module")
def v_pipe(pipe) -> FashionDiffusionPipeline:
    """The shipped kind of schedule: cosine, v-prediction (the ε toy saturates the multistep solvers' x_0)."""
    scheduler = DDPMScheduler.from_config(pipe.scheduler.config, prediction_type="v_prediction")
    pipeline = FashionDiffusionPipeline(unet=pipe.unet, scheduler=scheduler)
    pipeline.set_progress_bar_config(disable=True)
    return pipeline


def sample(pipe, **kwargs) -> torch.Tensor:
    kwargs = {"num_inference_steps": 2, "seed": 0, "output_type": "pt", "autocast_dtype": None, **kwargs}
    return pipe(**kwargs).images


def fashion_images(n: int) -> torch.Tensor:
    """n real test images (N, 1, 28, 28) in [-1, 1]: the committed fixture, else the dataset, else skip."""
    if FASHION_TEST_FILE.is_file():
        with np.load(FASHION_TEST_FILE) as data:
            return images.from_uint8(data["images"][:n])
    try:
        from genmodels.data import load_arrays

        return images.from_uint8(load_arrays("test")[0][:n])
    except Exception as error:  # no fixture and no dataset on this machine
        pytest.skip(f"no Fashion-MNIST test images: {error}")


def add_clipped_noise(clean: torch.Tensor, sigma: float, generator: torch.Generator) -> torch.Tensor:
    """Gaussian noise of std σ in [0, 1] pixel units, clipped to [0, 1] like a saved upload."""
    noise = sigma * torch.randn(clean.shape, generator=generator)
    return images.from_unit((images.to_unit(clean) + noise).clamp(0, 1))


# -- sampling ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sampler", ["DDPM", "DDIM"])
def test_two_steps_in_both_samplers_give_images_of_every_output_type(pipe, sampler):
    x = sample(pipe, class_labels=LABELS, guidance_scale=3.0, sampler=sampler)
    assert x.shape == (4, 1, 28, 28) and x.dtype == torch.float32
    assert x.min() >= -1 and x.max() <= 1 and x.std() > 0.05  # clamped, not constant
    array = sample(pipe, class_labels=LABELS, guidance_scale=3.0, sampler=sampler, output_type="np")
    assert array.shape == (4, 28, 28, 1) and array.min() >= 0 and array.max() <= 1
    np.testing.assert_allclose(array[..., 0], images.to_unit(x)[:, 0].numpy(), atol=1e-6)
    pil = sample(pipe, class_labels=LABELS, guidance_scale=3.0, sampler=sampler, output_type="pil")
    assert len(pil) == 4 and all(isinstance(p, Image.Image) and p.size == (28, 28) for p in pil)
    np.testing.assert_array_equal(np.asarray(pil[1]), images.to_uint8(x)[1])


@pytest.mark.parametrize("sampler", ["DDPM", "DDIM"])
def test_same_seed_gives_identical_pixels_and_another_seed_does_not(pipe, sampler):
    a = sample(pipe, class_labels=LABELS, guidance_scale=2.0, sampler=sampler, eta=0.5)
    b = sample(pipe, class_labels=LABELS, guidance_scale=2.0, sampler=sampler, eta=0.5)
    assert torch.equal(a, b)
    via_generator = sample(
        pipe,
        class_labels=LABELS,
        guidance_scale=2.0,
        sampler=sampler,
        eta=0.5,
        seed=None,
        generator=torch.Generator("cpu").manual_seed(0),
    )
    assert torch.equal(a, via_generator)  # seed=s is exactly a CPU generator seeded with s
    other = sample(pipe, class_labels=LABELS, guidance_scale=2.0, sampler=sampler, eta=0.5, seed=1)
    assert (a - other).abs().mean() > 0.1


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize("sampler", SAMPLERS)
def test_every_sampler_gives_seeded_guided_images_of_the_right_shape(v_pipe, sampler, spacing):
    settings = dict(class_labels=LABELS, guidance_scale=3.0, sampler=sampler, num_inference_steps=3)
    x = sample(v_pipe, timestep_spacing=spacing, **settings)
    assert x.shape == (4, 1, 28, 28) and x.dtype == torch.float32 and torch.isfinite(x).all()
    assert torch.equal(x, sample(v_pipe, timestep_spacing=spacing, **settings))  # same seed, same pixels
    assert not torch.equal(x, sample(v_pipe, timestep_spacing=spacing, seed=1, **settings))


@pytest.mark.parametrize("sampler", SAMPLERS)
def test_guidance_acts_with_every_sampler(v_pipe, sampler):
    def last_x(guidance_scale):  # before the final clamp: this random net's Heun run saturates every pixel
        settings = dict(class_labels=LABELS, sampler=sampler, num_inference_steps=3, return_trajectory=True)
        return v_pipe(guidance_scale=guidance_scale, seed=0, autocast_dtype=None, **settings).trajectory[-1][0]

    assert (last_x(3.0) - last_x(1.0)).abs().max() > 1e-3


@pytest.mark.parametrize("sampler", SAMPLERS)
def test_one_network_call_per_timestep_and_a_callback_after_each(v_pipe, sampler):
    calls, steps = [], []
    hook = v_pipe.unet.register_forward_hook(lambda module, args, output: calls.append(1))
    try:
        callback = lambda pipeline, i, t, tensors: steps.append(tensors["pred_original_sample"].shape)  # noqa: E731
        sample(v_pipe, class_labels=LABELS, sampler=sampler, num_inference_steps=4, callback_on_step_end=callback)
    finally:
        hook.remove()
    timesteps = v_pipe.sampling_timesteps(sampler, 4)
    assert len(calls) == len(steps) == len(timesteps) == (7 if sampler == "Heun" else 4)  # Heun: 2 a step
    assert set(steps) == {(4, 1, 28, 28)}


def test_eta_moves_only_ddim_and_the_spacing_moves_the_timesteps(v_pipe):
    for sampler in SAMPLERS:
        moved = not torch.equal(sample(v_pipe, sampler=sampler, eta=0.0), sample(v_pipe, sampler=sampler, eta=1.0))
        assert moved == (sampler == "DDIM"), sampler
    assert v_pipe.sampling_timesteps("DDIM", 4).tolist() == [750, 500, 250, 0]
    assert v_pipe.sampling_timesteps("DDIM", 4, "trailing").tolist() == [999, 749, 499, 249]
    leading = sample(v_pipe, sampler="DPM++ 2M", timestep_spacing="leading")
    assert torch.equal(leading, sample(v_pipe, sampler="DPM++ 2M"))  # the trained config's spacing is leading
    assert not torch.equal(leading, sample(v_pipe, sampler="DPM++ 2M", timestep_spacing="trailing"))
    assert set(STOCHASTIC) <= set(SAMPLERS)


def test_karras_sigmas_on_the_cosine_schedule_sample_every_step_count(v_pipe):
    # diffusers 0.42.1 repeats t = 998 for these σ and starts its step counter at 1: IndexError (docs/samplers.md)
    for steps in (5, 10, 20):
        assert (v_pipe.sampling_timesteps("DPM++ 2M Karras", steps)[:2] == 998).all()
        assert sample(v_pipe, sampler="DPM++ 2M Karras", num_inference_steps=steps).shape == (1, 1, 28, 28)


def test_a_bad_sampler_or_spacing_names_the_choices(v_pipe):
    with pytest.raises(ValueError, match=r"sampler must be one of 'DDPM', 'DDIM', 'DPM\+\+ 2M'.*'Heun'; got 'euler'"):
        sample(v_pipe, sampler="euler")
    with pytest.raises(ValueError, match="timestep_spacing must be one of 'leading', 'trailing'; got 'linspace'"):
        sample(v_pipe, timestep_spacing="linspace")


def test_ddim_eta_changes_the_result_and_ddpm_ignores_it(pipe):
    assert not torch.equal(sample(pipe, class_labels=LABELS, eta=0.0), sample(pipe, class_labels=LABELS, eta=1.0))
    assert torch.equal(sample(pipe, sampler="DDPM", eta=0.0), sample(pipe, sampler="DDPM", eta=1.0))


def test_the_default_ddim_eta_is_ddpms_noise_and_seeded(pipe):
    # DDIM_ETA = 1 (measured: more samples of the requested class than eta = 0)
    assert DDIM_ETA == 1.0
    default = sample(pipe, class_labels=LABELS, num_inference_steps=3)
    assert torch.equal(default, sample(pipe, class_labels=LABELS, num_inference_steps=3, eta=1.0))
    assert not torch.equal(default, sample(pipe, class_labels=LABELS, num_inference_steps=3, eta=0.0))


def test_guidance_zero_equals_the_unconditional_path_exactly(pipe):
    guided = sample(pipe, class_labels=LABELS, guidance_scale=0.0)
    unconditional = sample(pipe, class_labels=None, num_images=len(LABELS))
    assert torch.equal(guided, unconditional)
    assert torch.equal(unconditional, sample(pipe, class_labels=[NULL_CLASS] * 4, guidance_scale=5.0))


def test_guidance_one_equals_the_conditional_path(pipe):
    x, t, labels = torch.randn(4, 1, 28, 28), torch.tensor(500), torch.tensor(LABELS)
    with torch.inference_mode():
        assert torch.equal(pipe.guided_model_output(x, t, labels, 1.0), pipe.unet(x, t, class_labels=labels).sample)
    conditional = sample(pipe, class_labels=LABELS, guidance_scale=1.0)
    # the reference loop's uncond + 1·(cond - uncond) is the conditional prediction up to rounding
    generator = torch.Generator().manual_seed(0)
    settings = dict(guidance_scale=1.0, sampler="DDIM", eta=DDIM_ETA, generator=generator)
    reference = plain_loop(pipe.unet, pipe.scheduler.config, LABELS, 2, **settings)
    torch.testing.assert_close(conditional, reference, atol=1e-5, rtol=0)
    assert (conditional - sample(pipe, class_labels=LABELS, guidance_scale=0.0)).abs().max() > 1e-3  # labels matter


def test_guidance_acts_only_inside_its_timestep_interval(pipe):
    # DDIM-3 visits t = 666, 333, 0 ("leading" spacing)
    guided = sample(pipe, class_labels=LABELS, guidance_scale=3.0, num_inference_steps=3, guidance_interval=None)
    assert torch.equal(
        guided, sample(pipe, class_labels=LABELS, guidance_scale=3.0, num_inference_steps=3, guidance_interval=(0, 999))
    )
    conditional = sample(pipe, class_labels=LABELS, guidance_scale=1.0, num_inference_steps=3)
    outside = sample(pipe, class_labels=LABELS, guidance_scale=3.0, num_inference_steps=3, guidance_interval=(700, 999))
    assert torch.equal(outside, conditional)  # no step in [700, 999]: w = 1 throughout
    default = sample(pipe, class_labels=LABELS, guidance_scale=3.0, num_inference_steps=3)  # (0, 400): 2 of 3 steps
    assert (default - guided).abs().max() > 1e-4 and (default - conditional).abs().max() > 1e-4
    # w < 1 (towards the unconditional model) is not limited by the interval
    assert torch.equal(
        sample(pipe, class_labels=LABELS, guidance_scale=0.0, guidance_interval=(999, 999)),
        sample(pipe, class_labels=[NULL_CLASS] * 4, guidance_scale=1.0),
    )


@pytest.mark.parametrize(
    "sampler,steps,guidance,eta", [("DDIM", 3, 3.0, 0.0), ("DDIM", 2, 2.5, 0.7), ("DDPM", 3, 4.0, 0.0)]
)
def test_reference_loop_equals_the_pipeline_in_fp32(pipe, sampler, steps, guidance, eta):
    settings = dict(guidance_scale=guidance, num_inference_steps=steps, sampler=sampler, eta=eta)
    fast = sample(pipe, class_labels=LABELS, seed=3, **settings)
    generator = torch.Generator().manual_seed(3)
    plain = plain_loop(pipe.unet, pipe.scheduler.config, LABELS, generator=generator, **settings)
    torch.testing.assert_close(fast, plain, atol=1e-4, rtol=0)  # batched 2N vs two passes of N: rounding only


@pytest.mark.parametrize("beta_schedule", ["squaredcos_cap_v2", "linear"])
def test_v_prediction_and_linear_schedule_run_like_the_reference_loop(pipe, beta_schedule):
    # the other variants of scripts/ablate_diffusion.py: the pipeline must follow the scheduler's config
    scheduler = DDPMScheduler(num_train_timesteps=1000, beta_schedule=beta_schedule, prediction_type="v_prediction")
    v_pipe = FashionDiffusionPipeline(unet=pipe.unet, scheduler=scheduler)
    v_pipe.set_progress_bar_config(disable=True)
    settings = dict(guidance_scale=3.0, num_inference_steps=3, sampler="DDIM")
    fast = sample(v_pipe, class_labels=LABELS, seed=5, **settings)
    plain = plain_loop(pipe.unet, scheduler.config, LABELS, generator=torch.Generator().manual_seed(5), **settings)
    torch.testing.assert_close(fast, plain, atol=1e-4, rtol=0)
    assert (fast - sample(pipe, class_labels=LABELS, seed=5, **settings)).abs().max() > 0.01  # ε and v differ


def test_bf16_autocast_stays_close_to_fp32(pipe):
    assert resolve_autocast_dtype("auto", torch.device("cpu")) == (torch.bfloat16 if cpu_has_native_bf16() else None)
    assert resolve_autocast_dtype("auto", torch.device("cuda")) is None
    fp32 = sample(pipe, class_labels=LABELS, guidance_scale=3.0)
    bf16 = sample(pipe, class_labels=LABELS, guidance_scale=3.0, autocast_dtype=torch.bfloat16)
    assert 0 < (fp32 - bf16).abs().max() < 0.1  # bf16 keeps 8 bits of mantissa: ~1e-2 relative error per step


# -- trajectory and callback ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sampler,steps", [("DDIM", 4), ("DDPM", 3)])
def test_trajectory_and_callback_follow_every_step(pipe, sampler, steps):
    calls = []

    def on_step_end(pipeline, step_index, timestep, tensors):
        assert pipeline is pipe and set(tensors) == {"latents", "pred_original_sample"}
        calls.append((step_index, int(timestep), tensors["latents"].clone()))

    out = pipe(
        class_labels=LABELS,
        guidance_scale=2.0,
        num_inference_steps=steps,
        sampler=sampler,
        seed=0,
        output_type="pt",
        return_trajectory=True,
        callback_on_step_end=on_step_end,
        autocast_dtype=None,
    )
    scheduler = (DDIMScheduler if sampler == "DDIM" else DDPMScheduler).from_config(pipe.scheduler.config)
    scheduler.set_timesteps(steps)
    assert [c[0] for c in calls] == list(range(steps))
    assert [c[1] for c in calls] == scheduler.timesteps.tolist()
    assert len(out.trajectory) == steps
    for (x_t, x0_pred), (_, _, latents) in zip(out.trajectory, calls):
        assert x_t.shape == x0_pred.shape == (4, 1, 28, 28) and x_t.device.type == "cpu"
        assert torch.equal(x_t, latents)
    assert torch.equal(out.images, out.trajectory[-1][0].clamp(-1, 1))  # the last x_t is the result
    assert out.trajectory[-1][1].abs().max() <= 1  # x̂_0 is clipped by the scheduler (clip_sample)
    assert pipe(num_inference_steps=2, seed=0, output_type="pt").trajectory is None


def test_callback_may_replace_the_latents(pipe):
    def blank_last_step(pipeline, step_index, timestep, tensors):
        return {"latents": torch.zeros_like(tensors["latents"])} if step_index == 1 else tensors

    x = sample(pipe, class_labels=LABELS, callback_on_step_end=blank_last_step)
    assert torch.equal(x, torch.zeros(4, 1, 28, 28))


# -- forward process ---------------------------------------------------------------------------------------


def test_forward_process_at_t0_returns_the_input(pipe):
    x0 = fashion_images(8) if FASHION_TEST_FILE.is_file() else torch.rand(8, 1, 28, 28) * 2 - 1
    x_t, snr = pipe.forward_process(x0, 0, seed=0)
    alpha_bar = float(pipe.scheduler.alphas_cumprod[0])
    assert alpha_bar == pytest.approx(0.99996, abs=1e-5)  # cosine schedule: t=0 is already one (tiny) step
    # |x_t - x0| <= (1 - √ᾱ)|x0| + √(1-ᾱ)|ε| with |x0| <= 1 and |ε| < 6 (P(|ε| > 6) ~ 2e-9 per pixel)
    bound = (1 - math.sqrt(alpha_bar)) + 6 * math.sqrt(1 - alpha_bar)  # = 0.039 in [-1, 1] units
    assert (x_t - x0).abs().max() < bound
    assert (x_t - x0).std().item() == pytest.approx(math.sqrt(1 - alpha_bar), rel=0.1)  # the noise really is there
    assert (images.to_uint8(x_t).astype(int) - images.to_uint8(x0)).__abs__().max() <= 5  # <= 5 grey levels of 255
    assert torch.equal(snr, torch.full((8,), alpha_bar / (1 - alpha_bar), dtype=torch.float64))


def test_forward_process_matches_q_and_is_seeded(pipe):
    x0 = torch.rand(16, 1, 28, 28) * 2 - 1
    t = torch.tensor([500] * 8 + [999] * 8)
    x_t, snr = pipe.forward_process(x0, t, generator=torch.Generator().manual_seed(1))
    alpha_bar = pipe.scheduler.alphas_cumprod[t].view(-1, 1, 1, 1)
    eps = (x_t - alpha_bar.sqrt() * x0) / (1 - alpha_bar).sqrt()
    assert eps.mean().abs() < 0.02 and eps.std().item() == pytest.approx(1.0, rel=0.03)
    assert torch.equal(x_t, pipe.forward_process(x0, t, seed=1)[0])
    assert snr[0] == pytest.approx(0.9696, rel=1e-3) and snr[8] < 1e-8  # SNR_500 ~ 1; x_999 is pure noise


def test_snr_decreases_monotonically_in_t(pipe):
    snr = signal_to_noise(pipe.scheduler.alphas_cumprod, torch.arange(1000))
    assert (snr[1:] < snr[:-1]).all()
    assert snr[0] > 1e4 and snr[-1] < 1e-8


# -- SDEdit and the noise estimator ----------------------------------------------------------------------------


def test_sigma_to_timestep_matches_the_snr_of_the_noise(pipe):
    sigma = torch.tensor([0.01, 0.05, 0.1, 0.2, 0.5, 1.0])
    t = sigma_to_timestep(pipe.scheduler.alphas_cumprod, sigma)
    assert (t[1:] > t[:-1]).all()  # more noise, later start
    log_snr = signal_to_noise(pipe.scheduler.alphas_cumprod, torch.arange(1000)).log()
    target = -torch.log(4 * sigma.double() ** 2)  # SNR = 1 / (2σ)² in [-1, 1] units
    for t_i, target_i in zip(t, target):  # nearest in log-SNR: no neighbour is closer
        for neighbour in (max(int(t_i) - 1, 0), min(int(t_i) + 1, 999)):
            assert abs(log_snr[t_i] - target_i) <= abs(log_snr[neighbour] - target_i)


def test_sdedit_shapes_start_steps_and_zero_sigma(pipe):
    clean = fashion_images(4) if FASHION_TEST_FILE.is_file() else torch.rand(4, 1, 28, 28) * 2 - 1
    noisy = (clean + 2 * 0.2 * torch.randn(clean.shape, generator=torch.Generator().manual_seed(0))).clamp(-1, 1)
    out = pipe.sdedit(noisy, sigma=[0.0, 0.05, 0.2, 0.5], num_inference_steps=5, autocast_dtype=None)
    assert out.images.shape == (4, 1, 28, 28) and out.images.min() >= -1 and out.images.max() <= 1
    # σ = 0: nothing to remove, the image comes back bit for bit and no step runs for it
    assert out.timesteps[0] == -1 and torch.equal(out.images[0], noisy[0])
    # the others start near their t* and are changed
    t_star = sigma_to_timestep(pipe.scheduler.alphas_cumprod, torch.tensor([0.05, 0.2, 0.5]))
    assert ((out.timesteps[1:] - t_star).abs() <= 1000 // math.ceil(5 * 1000 / (int(t_star.max()) + 1))).all()
    assert (out.images[1:] - noisy[1:]).abs().amax((1, 2, 3)).min() > 0.01
    assert torch.equal(out.sigma, torch.tensor([0.0, 0.05, 0.2, 0.5]))
    # deterministic with eta = 0, and class-guided works on the same inputs
    again = pipe.sdedit(noisy, sigma=[0.0, 0.05, 0.2, 0.5], num_inference_steps=5, autocast_dtype=None)
    assert torch.equal(out.images, again.images)
    guided = pipe.sdedit(noisy, 0.2, class_labels=3, guidance_scale=3.0, num_inference_steps=5, autocast_dtype=None)
    assert guided.images.shape == (4, 1, 28, 28) and (guided.timesteps == guided.timesteps[0]).all()
    assert pipe.sdedit(noisy, sigma=0.0).images.equal(noisy)


def test_noise_estimator_recovers_a_known_sigma(pipe):
    """Median over 32 test images within 15% of the true σ, every image within ~35-45% (texture and, for
    clipped noise, the clipping make single small images hard)."""
    clean = fashion_images(32)
    generator = torch.Generator().manual_seed(0)
    on_clean = estimate_noise_sigma(clean)  # texture alone reads as little noise
    assert on_clean.median() < 0.02 and on_clean.max() < 0.1
    for sigma in (0.1, 0.3):
        # unclipped Gaussian noise: the plain Laplacian MAD
        unclipped = clean + 2 * sigma * torch.randn(clean.shape, generator=generator)
        ratio = estimate_noise_sigma(unclipped) / sigma
        assert 0.9 < ratio.median() < 1.15 and ((ratio > 0.75) & (ratio < 1.35)).all(), ratio
        # clipped to [0, 1] as in a saved upload: the MAD inverted by simulation
        clipped = add_clipped_noise(clean, sigma, generator)
        ratio = estimate_noise_sigma(clipped) / sigma
        assert 0.85 < ratio.median() < 1.15 and ((ratio > 0.55) & (ratio < 1.45)).all(), ratio


# -- saving and loading ----------------------------------------------------------------------------------------


def test_save_and_load_round_trip_gives_identical_outputs(pipe, tmp_path):
    pipe.save_pretrained(tmp_path)
    loaded = FashionDiffusionPipeline.from_pretrained(tmp_path)
    loaded.set_progress_bar_config(disable=True)
    assert isinstance(loaded, FashionDiffusionPipeline) and isinstance(loaded.scheduler, DDPMScheduler)
    for sampler in ("DDPM", "DDIM"):
        assert torch.equal(
            sample(pipe, class_labels=LABELS, guidance_scale=3.0, sampler=sampler),
            sample(loaded, class_labels=LABELS, guidance_scale=3.0, sampler=sampler),
        )
    # stock diffusers classes read the same folder
    unet = UNet2DModel.from_pretrained(tmp_path, subfolder="unet")
    scheduler = DDIMScheduler.from_pretrained(tmp_path, subfolder="scheduler")
    assert all(torch.equal(a, b) for a, b in zip(unet.state_dict().values(), pipe.unet.state_dict().values()))
    assert torch.equal(scheduler.alphas_cumprod, pipe.scheduler.alphas_cumprod)


def test_fp16_weights_on_disk_load_as_fp32(pipe, tmp_path):
    half = FashionDiffusionPipeline(unet=build_unet(**TINY).eval(), scheduler=make_scheduler())
    half.unet.load_state_dict(pipe.unet.state_dict())
    half.unet.to(torch.float16)  # what recipes.DiffusionRecipe.save ships
    half.save_pretrained(tmp_path)
    loaded = FashionDiffusionPipeline.from_pretrained(tmp_path)
    assert all(p.dtype == torch.float32 for p in loaded.unet.parameters())
    assert all(torch.equal(a, b.half().float()) for a, b in zip(loaded.unet.parameters(), pipe.unet.parameters()))


@pytest.mark.skipif(not (SHIPPED / "model_index.json").is_file(), reason="weights/diffusion not trained yet")
def test_shipped_pipeline_loads_with_stock_diffusers_classes():
    unet = UNet2DModel.from_pretrained(SHIPPED, subfolder="unet", dtype=torch.float32)
    assert unet.dtype == torch.float32
    scheduler = DDIMScheduler.from_pretrained(SHIPPED, subfolder="scheduler")
    expected = {key: list(value) if isinstance(value, tuple) else value for key, value in UNET_CONFIG.items()}
    assert {key: unet.config[key] for key in UNET_CONFIG} == expected
    assert scheduler.config.num_train_timesteps == 1000
    shipped_files = [f for f in SHIPPED.rglob("*.safetensors") if "checkpoint" not in f.parts]  # not the training state
    assert shipped_files and all(f.stat().st_size < 10 * 2**20 for f in shipped_files)
    shipped = FashionDiffusionPipeline.from_pretrained(SHIPPED)
    shipped.set_progress_bar_config(disable=True)
    assert shipped.unet.dtype == torch.float32
    x = sample(shipped, class_labels=[1, 7], guidance_scale=3.0, num_inference_steps=2)
    assert x.shape == (2, 1, 28, 28) and torch.isfinite(x).all()


# -- argument checks -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"num_inference_steps": 0}, r"num_inference_steps must be an integer in \[1, 1000\], got 0"),
        ({"num_inference_steps": 1001}, r"\[1, 1000\], got 1001"),
        ({"num_inference_steps": 2.5}, r"got 2.5"),
        ({"eta": -0.1}, r"eta must be a finite number in \[0.0, 1.0\], got -0.1"),
        ({"eta": 1.5}, r"eta .* got 1.5"),
        ({"guidance_scale": -1.0}, r"guidance_scale must be a finite number in \[0.0, 10.0\], got -1.0"),
        ({"guidance_scale": 10.5}, r"got 10.5"),
        ({"guidance_scale": float("nan")}, r"guidance_scale .* got nan"),
        ({"class_labels": [1, 11]}, r"class labels must be in \[0, 10\].*got \[11\]"),
        ({"class_labels": [-1]}, r"\[0, 10\].*got \[-1\]"),
        ({"class_labels": [1.5]}, r"integers in \[0, 10\], got \[1.5\]"),
        ({"class_labels": [1, 2], "num_images": 3}, r"got 2 class labels for num_images=3"),
        ({"num_images": 0}, r"num_images must be an integer in \[1, 256\], got 0"),
        ({"sampler": "PNDM"}, r"sampler must be one of 'DDPM', 'DDIM', .*'Heun'; got 'PNDM'"),
        ({"output_type": "jpg"}, r"output_type must be one of .*got 'jpg'"),
        ({"generator": torch.Generator()}, r"either generator or seed"),
        ({"seed": -3}, r"seed must be an integer in \[0, .*got -3"),
        ({"autocast_dtype": torch.float64}, r"autocast_dtype must be .*got torch.float64"),
        ({"callback_on_step_end": 3}, r"callback_on_step_end must be callable"),
        ({"guidance_interval": (600,)}, r"guidance_interval must be None or \(low, high\)"),
        ({"guidance_interval": (600, 100)}, r"guidance_interval\[1\] must be an integer in \[600, 999\], got 100"),
        ({"guidance_interval": (-1, 100)}, r"guidance_interval\[0\] must be an integer in \[0, 999\], got -1"),
    ],
)
def test_bad_sampling_arguments_raise_value_error(pipe, kwargs, message):
    with pytest.raises(ValueError, match=message):
        sample(pipe, **kwargs)


def test_bad_forward_and_sdedit_arguments_raise_value_error(pipe):
    x = torch.zeros(2, 1, 28, 28)
    with pytest.raises(ValueError, match=r"t must be .*\[0, 999\].*1000"):
        pipe.forward_process(x, 1000)
    with pytest.raises(ValueError, match=r"\[0, 999\].*-1"):
        pipe.forward_process(x, [-1, 3])
    with pytest.raises(ValueError, match=r"one per image"):
        pipe.forward_process(x, [1, 2, 3])
    with pytest.raises(ValueError, match=r"sigma must be in \[0, 1\].*1.5"):
        pipe.sdedit(x, sigma=1.5)
    with pytest.raises(ValueError, match=r"noisy must be a tensor \(N, 1, 28, 28\)"):
        pipe.sdedit(torch.zeros(2, 28, 28), sigma=0.1)
    with pytest.raises(ValueError, match=r"num_inference_steps .* got 0"):
        pipe.sdedit(x, sigma=0.1, num_inference_steps=0)
