"""Diffusion tab: class-conditional sampling whose frames stream while the reverse process runs, a slider
that scrubs through the stored steps afterwards, the forward process on an uploaded image, and one seed through
every sampler (the race). Endpoints: /diffusion_sample, /forward_noise, /sampler_race (API.md). The default
sampler and steps follow the measured race (genmodels.ui.race), when weights/metrics.json has it."""

from __future__ import annotations

import queue
import threading
import time

import gradio as gr
import numpy as np

from genmodels import images
from genmodels.ui import race
from genmodels.ui.components import links
from genmodels.ui.components.common import (
    MODEL_EVENT,
    UI_EVENT,
    UPLOAD_EVENT,
    VALUES_EVENT,
    diffusion_gpu_seconds,
    example_files,
    gallery_output,
    image_input,
    image_output,
    int_slider,
    model_fn,
    picture,
    read_image,
    seed_input,
    sheet,
    sheet_output,
)
from genmodels.ui.components.measured import measured_panel, read_metrics
from genmodels.ui.components.memorisation import API_NAME as NEAREST_API_NAME
from genmodels.ui.components.memorisation import nearest_panel
from genmodels.ui.i18n import say, t
from genmodels.zoo import (
    ANY_CLASS,
    CLASS_NAMES,
    DDIM_ETA,
    MAX_ETA,
    MAX_GUIDANCE,
    MAX_INFERENCE_STEPS,
    MAX_RACE_NFE,
    MAX_SAMPLES,
    SAMPLERS,
    SPACINGS,
)

CLASS_CHOICES = [ANY_CLASS, *CLASS_NAMES]
# Streaming: a frame (one sheet of the n images in flight) at the first step, then every STREAM_INTERVAL while at least
# MIN_REMAINING seconds of sampling are left; progress every PROGRESS_INTERVAL; Gradio's "minimal" progress display
# (no spinner). Each costs the model's CPU or the client's downloads: the measurements behind them are in
# docs/performance.md ("Streaming the Diffusion tab").
STREAM_INTERVAL = 1.0
MIN_REMAINING = 0.6
PROGRESS_INTERVAL = 1.0
RUN_PROGRESS = "minimal"
TRAJECTORY_STEPS = 100  # steps kept for the scrub slider (evenly spaced), so a 1000-step run stays small
TRAJECTORY_IMAGES = 16  # images kept per step


class Cancelled(Exception):
    """Raised inside the sampler's callback when the visitor has left, to stop the work early."""


def kept_steps(num_steps: int) -> set[int]:
    """The step indices stored for scrubbing: evenly spaced, always including the first and the last."""
    return set(np.linspace(0, num_steps - 1, min(num_steps, TRAJECTORY_STEPS)).round().astype(int).tolist())


def trajectory_frame(trajectory: dict | None, index: int, show: str):
    """One stored step of the trajectory -> a sheet (x_t or the predicted x_0)."""
    if not trajectory or not trajectory["steps"]:
        return None
    index = int(min(max(index, 0), len(trajectory["steps"]) - 1))
    return sheet(images.from_uint8(trajectory["x0" if show == "x0" else "x_t"][index]))


def build(zoo) -> links.TabView:
    # a gr.Progress() default is how Gradio learns that the function reports progress (hence the B008 exception)
    @model_fn(gpu_seconds=diffusion_gpu_seconds)
    def diffusion_sample(class_name, guidance_scale, sampler, steps, eta, n, seed, spacing, progress=gr.Progress()):  # noqa: B008
        """Sample Fashion-MNIST images of one class with the class-conditional diffusion model (streams x_t).

        Args:
            class_name: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot or "any"
            guidance_scale: classifier-free guidance w, 0..10 (0 unconditional, 1 the class alone; ignored for "any")
            sampler: "DDPM", "DDIM", "DPM++ 2M", "DPM++ 2M Karras", "DPM++ 2M SDE", "UniPC", "DEIS", "Euler" or "Heun"
            steps: denoising steps, 1..1000 (Heun calls the network twice a step; DDPM is meant for 1000)
            eta: 0..1, DDIM's noise per step (0 deterministic, 1 as DDPM); the other samplers ignore it
            n: how many images, 1..64
            seed: an integer in 0..2**31-1; the same arguments and seed give the same pixels
            spacing: "leading" (the default) or "trailing" timesteps (starting from pure noise, t = 999)

        Returns:
            one PNG sheet of 28x28 tiles, 8 per row, 2 white pixels apart (genmodels.images.sheet_tiles cuts it)
        """
        updates: queue.Queue = queue.Queue()
        stop = threading.Event()

        def on_step(step_index, num_steps, x_t, x0_pred):
            if stop.is_set():
                raise Cancelled()
            updates.put(("step", step_index, num_steps, x_t, x0_pred))

        def work():  # the zoo call runs in a thread; its callback feeds this generator through the queue
            try:
                result = zoo.diffusion_sample(
                    class_name, guidance_scale, sampler, steps, eta, n, seed, spacing, callback=on_step
                )
                updates.put(("done", result))
            except BaseException as error:  # noqa: BLE001 - handed to the generator, which re-raises it
                updates.put(("error", error))

        threading.Thread(target=work, name="diffusion-sample", daemon=True).start()
        trajectory = {"steps": [], "x_t": [], "x0": []}
        keep, last_frame, last_progress, started = None, 0.0, 0.0, time.perf_counter()
        # a streamed frame clears Gradio's progress bar until the next progress message, so one follows every frame
        reshow_progress = False
        try:
            while True:
                kind, *payload = updates.get()
                if kind == "error":
                    raise payload[0]
                if kind == "done":
                    yield sheet(payload[0]["images"]), trajectory
                    return
                step_index, num_steps, x_t, x0_pred = payload
                keep = keep or kept_steps(num_steps)
                if step_index in keep:
                    trajectory["steps"].append(step_index + 1)
                    trajectory["x_t"].append(images.to_uint8(x_t[:TRAJECTORY_IMAGES]))
                    trajectory["x0"].append(images.to_uint8(x0_pred[:TRAJECTORY_IMAGES]))
                now = time.perf_counter()
                remaining = (now - started) / (step_index + 1) * (num_steps - step_index - 1)
                frame_due = (step_index == 0 or now - last_frame >= STREAM_INTERVAL) and remaining >= MIN_REMAINING
                if not frame_due and (reshow_progress or now - last_progress >= PROGRESS_INTERVAL):
                    last_progress, reshow_progress = now, False
                    progress((step_index + 1, num_steps), unit="steps")
                if frame_due:
                    last_frame, reshow_progress = now, True
                    yield sheet(x_t), gr.skip()
        finally:
            stop.set()  # the visitor left or an error happened: the sampler stops at its next step

    def show_trajectory(trajectory, show):
        count = len(trajectory["steps"]) if trajectory else 0
        slider = gr.Slider(minimum=0, maximum=max(count - 1, 1), value=max(count - 1, 0), step=1, interactive=count > 1)
        return slider, trajectory_frame(trajectory, count - 1, show)

    def scrub(trajectory, index, show):
        return trajectory_frame(trajectory, index, show)

    @model_fn
    def forward_noise(image, t):
        """The forward process q(x_t | x_0) on an image, with a fixed noise seed -> x_t (clipped to the display
        range). t 0..999 (0 = the image, 999 = almost pure noise)."""
        return picture(zoo.forward_noise(read_image(image), t)["x_t"])

    @model_fn
    def forward_noise_info(image, t, request: gr.Request):
        out = zoo.forward_noise(read_image(image), t)
        return say(request, "alpha_bar", alpha_bar=out["alpha_bar"], snr=out["snr"])

    metrics = read_metrics(zoo.weights_dir)
    race_section = race.race_section(metrics)
    default_sampler, default_steps, default_spacing = race.app_default(race_section)

    @model_fn(gpu_seconds=lambda nfe, n, **_: diffusion_gpu_seconds(nfe, n, runs=len(SAMPLERS)))
    def sampler_race(class_name, guidance_scale, nfe, eta, n, seed, spacing, request: gr.Request):
        """One seed through every sampler, each with the most steps that fit in `nfe` network calls per image ->
        a gallery, one sheet per sampler, captioned with its steps, wall time and measured FD where the race has it."""
        pictures = []
        for run in zoo.sampler_race(class_name, guidance_scale, nfe, eta, n, seed, spacing):
            row = race.find_row(race_section, run["sampler"], run["steps"], spacing)
            words = dict(sampler=run["sampler"], steps=run["steps"], seconds=run["seconds"])
            key, fd = ("race_caption_fd", row["fid"]) if row else ("race_caption", None)
            caption = say(request, key, fd=fd, **words)
            pictures.append((sheet(run["images"]), caption))
        return pictures

    with gr.Tab(t("tab_diffusion"), id="diffusion") as tab:
        gr.Markdown(t("diffusion_intro"), elem_classes="intro")
        with gr.Accordion(t("how_it_works"), open=False):
            gr.Markdown(t("diffusion_how"))
        measured_panel(zoo, tab, ("diffusion",))
        with gr.Row():
            with gr.Column(scale=1):
                class_name = gr.Dropdown(
                    CLASS_CHOICES, value="Trouser", label=t("class_name"), elem_id="diffusion-class"
                )
                # w = 2 (DDIM-50, η = 1): FD 4.55, level with w = 1, 96.8% in the class (w = 3: 97.6%, FD 7.77)
                guidance = gr.Slider(0, MAX_GUIDANCE, value=2.0, step=0.1, label=t("guidance"))
                sampler = gr.Dropdown(
                    list(SAMPLERS), value=default_sampler, label=t("sampler"), elem_id="diffusion-sampler"
                )
                steps = int_slider(t("steps"), 1, MAX_INFERENCE_STEPS, default_steps, elem_id="diffusion-steps")
                eta = gr.Slider(0, MAX_ETA, value=DDIM_ETA, step=0.05, label=t("eta"))  # the pipeline's default
                n = int_slider(t("n_images"), 1, MAX_SAMPLES, 8)
                seed = seed_input(t("seed"))
                # "leading" in the component, the API's default for clients that leave it out (their pixels stay);
                # the page's first event sets the race's spacing (links.Setting's default)
                spacing = gr.Radio(list(SPACINGS), value=SPACINGS[0], label=t("spacing"), elem_id="diffusion-spacing")
                run = gr.Button(t("sample"), variant="primary", elem_id="diffusion-run")
            with gr.Column(scale=2):
                samples = sheet_output(t("samples"), elem_id="diffusion-samples")
                nearest_panel(zoo, "diffusion", [(t("samples"), samples)], api_name=NEAREST_API_NAME)
                gr.Markdown(t("traj_header"))
                with gr.Row():
                    step_slider = gr.Slider(
                        0,
                        1,
                        elem_id="diffusion-step",
                        value=0,
                        step=1,
                        label=t("traj_step"),
                        interactive=False,
                        scale=3,
                    )
                    show = gr.Radio(
                        [(t("traj_x_t"), "x_t"), (t("traj_x0"), "x0")], value="x0", label=t("traj_show"), scale=2
                    )
                frame = sheet_output(t("traj_image"), elem_id="diffusion-frame")
        trajectory = gr.State(None)

        gr.Markdown(t("forward_header"))
        with gr.Row():
            clean = image_input(t("input_image"), height=224)
            with gr.Column():
                t_slider = int_slider(t("t"), 0, 999, 250)
                add_noise = gr.Button(t("add_noise"), variant="primary")
                info = gr.Markdown()
            x_t = image_output(t("x_t"), height=224)
        files = example_files("fashion")
        if files:
            gr.Examples(files[:5], inputs=[clean], label=t("examples"))

        gr.Markdown(t("compare_header"))
        with gr.Row():
            nfe = int_slider(t("race_nfe"), 1, MAX_RACE_NFE, 10)
            compare = gr.Button(t("compare_samplers"))
        race_gallery = gallery_output(t("race_gallery"), columns=3, elem_id="diffusion-race")

    run.click(
        diffusion_sample,
        inputs=[class_name, guidance, sampler, steps, eta, n, seed, spacing],
        outputs=[samples, trajectory],
        api_name="diffusion_sample",
        **VALUES_EVENT,
        show_progress=RUN_PROGRESS,
    ).success(show_trajectory, inputs=[trajectory, show], outputs=[step_slider, frame], **UI_EVENT)
    gr.on([step_slider.change, show.change], scrub, inputs=[trajectory, step_slider, show], outputs=frame, **UI_EVENT)
    gr.on(
        [add_noise.click, t_slider.release, clean.upload],
        forward_noise,
        inputs=[clean, t_slider],
        outputs=x_t,
        api_name="forward_noise",
        **UPLOAD_EVENT,
    ).success(forward_noise_info, inputs=[clean, t_slider], outputs=info, api_visibility="private", **UPLOAD_EVENT)
    compare.click(
        sampler_race,
        inputs=[class_name, guidance, nfe, eta, n, seed, spacing],
        outputs=race_gallery,
        api_name="sampler_race",
        **MODEL_EVENT,
    )

    # The page's first view and links (?tab=diffusion&class=Sneaker&w=3&sampler=DDIM&steps=50&eta=1&n=8&seed=7
    # &spacing=trailing):
    # the finished sheet, no streaming; remembered, so page loads do not run the sampler again.
    @links.remembered
    @model_fn(gpu_seconds=diffusion_gpu_seconds)
    def first_view(class_name, guidance_scale, sampler, steps, eta, n, seed, spacing):
        out = zoo.diffusion_sample(class_name, guidance_scale, sampler, steps, eta, n, seed, spacing)
        return (sheet(out["images"]),)

    settings = [
        links.Setting("class", class_name, links.one_of(CLASS_CHOICES)),
        links.Setting("w", guidance, links.number(0, MAX_GUIDANCE)),
        links.Setting("sampler", sampler, links.one_of(SAMPLERS)),
        links.Setting("steps", steps, links.integer(1, MAX_INFERENCE_STEPS)),
        links.Setting("eta", eta, links.number(0, MAX_ETA)),
        links.Setting("n", n, links.integer(1, MAX_SAMPLES)),
        links.Setting("seed", seed, links.integer(0, 2**31 - 1)),
        links.Setting("spacing", spacing, links.one_of(SPACINGS), default=default_spacing),
    ]
    return links.TabView("diffusion", settings, first_view, [samples])
