"""genmodels/zoo/model_thread.py: a CPU server runs every zoo task on one thread, the only one torch spreads over
several cores; short tasks run between the steps of a long one; the pixels of a seed do not change."""

from __future__ import annotations

import threading

import pytest
import torch

from genmodels.zoo import Zoo
from genmodels.zoo.model_thread import ModelThread
from tests.support.app_server import build_random_models


@pytest.fixture
def restore_threads():
    """ModelThread leaves every other thread on one torch thread; the rest of the suite gets its count back."""
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def test_calls_run_on_the_model_thread_with_its_thread_count(restore_threads):
    model_thread = ModelThread(threads=2)
    try:
        inside = model_thread.call(lambda: (threading.current_thread().name, torch.get_num_threads()))
        outside = {}
        other = threading.Thread(target=lambda: outside.update(count=torch.get_num_threads()))
        other.start()
        other.join()
        assert inside == ("genmodels-model", 2)
        assert torch.get_num_threads() == 1 and outside["count"] == 1  # the caller and any new thread: one
    finally:
        model_thread.close()


def test_errors_reach_the_caller_and_nested_calls_run_at_once(restore_threads):
    model_thread = ModelThread(threads=1)
    try:
        with pytest.raises(ValueError, match="n must be in"):
            model_thread.call(lambda: (_ for _ in ()).throw(ValueError("n must be in [1, 64], got 0")))
        assert model_thread.call(lambda: model_thread.call(lambda x: x + 1, 41)) == 42  # no deadlock
    finally:
        model_thread.close()


def test_short_calls_run_between_the_steps_of_a_long_one_and_long_ones_wait(restore_threads):
    model_thread = ModelThread(threads=1)
    order, stepped, queued = [], threading.Event(), threading.Event()

    def long_run(name):
        for step in range(3):
            if step == 1:
                stepped.set()  # step 0 ran with nothing waiting: the others may queue now
                queued.wait(timeout=10)  # the other calls are queued by now
            order.append(f"{name} step {step}")
            model_thread.run_waiting()
        return name

    def short(name):
        order.append(name)
        return name

    try:
        first = threading.Thread(target=model_thread.call, args=(long_run, "diffusion A"), kwargs={"long": True})
        first.start()
        stepped.wait(timeout=10)  # else a loaded machine could queue them before step 0's run_waiting
        callers = [
            threading.Thread(target=model_thread.call, args=(long_run, "diffusion B"), kwargs={"long": True}),
            threading.Thread(target=model_thread.call, args=(short, "vae")),
        ]
        for caller in callers:
            caller.start()
        while len(model_thread._jobs) < 2:  # noqa: SLF001 - both calls are waiting
            threading.Event().wait(0.01)
        queued.set()
        for caller in (first, *callers):
            caller.join(timeout=30)
    finally:
        model_thread.close()
    assert order == [
        "diffusion A step 0",
        "diffusion A step 1",
        "vae",
        "diffusion A step 2",
        "diffusion B step 0",
        "diffusion B step 1",
        "diffusion B step 2",
    ]


def test_a_zoo_on_a_model_thread_gives_the_same_pixels_and_serves_short_tasks_during_sampling(
    tmp_path, restore_threads
):
    weights = build_random_models(tmp_path / "weights")
    plain = Zoo(weights, device="cpu")
    args = ("Sneaker", 3.0, "DDIM", 12, 1.0, 2, 7)
    # computed before the model thread exists: after, this thread runs torch on one thread, and a sum split over
    # one thread instead of two may differ in its last bit
    expected, expected_vae = plain.diffusion_sample(*args)["images"], plain.vae_sample(4, 3, 1.0)
    threaded = Zoo(weights, device="cpu", model_thread=True)
    try:
        seen_during = []

        def on_step(step_index, num_steps, x_t, x0_pred):
            if step_index == 2:  # a VAE request from another thread arrives while the sampler runs
                caller = threading.Thread(target=lambda: seen_during.append(threaded.vae_sample(4, 3, 1.0)))
                caller.start()
                while not threaded.model_thread._jobs:  # noqa: SLF001 - queued behind the sampler
                    threading.Event().wait(0.005)
            if step_index == 3:
                assert len(seen_during) == 1  # it ran between steps 2 and 3, not after the run

        got = threaded.diffusion_sample(*args, callback=on_step)["images"]
        assert torch.equal(got, expected)
        assert torch.equal(seen_during[0], expected_vae)
    finally:
        threaded.model_thread.close()
