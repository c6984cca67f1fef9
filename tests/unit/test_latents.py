"""genmodels.latents: the interpolation paths."""

from __future__ import annotations

import math

import torch

from genmodels.latents import lerp, slerp


def test_slerp_keeps_the_norm_between_unit_vectors():
    a, b = torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])
    path = slerp(a, b, torch.linspace(0, 1, 5))
    assert torch.allclose(path.norm(dim=1), torch.ones(5), atol=1e-6)
    assert torch.allclose(path[2], torch.tensor([1.0, 1.0]) / math.sqrt(2), atol=1e-6)
    assert torch.allclose(slerp(a, 2 * a, torch.tensor([0.5])), torch.tensor([[1.5, 0.0]]))  # parallel: a line


def test_lerp_is_the_straight_line_with_exact_ends():
    a, b = torch.tensor([1.0, -2.0]), torch.tensor([3.0, 2.0])
    path = lerp(a, b, torch.linspace(0, 1, 3))
    assert torch.equal(path, torch.tensor([[1.0, -2.0], [2.0, 0.0], [3.0, 2.0]]))
