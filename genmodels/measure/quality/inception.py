"""The standard Inception FID through torch-fidelity, when that package and its network weights are there.

Optional: `--inception` asks for it. The shipped table's distances live in the shipped classifier's feature space
(genmodels.metrics), which needs no download; this adapter only lets them be set against the usual number."""

from __future__ import annotations

import torch

from ... import images


class Uint8RGB(torch.utils.data.Dataset):
    """Images in [-1, 1] as torch-fidelity expects them: uint8 (3, H, W), the gray channel repeated."""

    def __init__(self, x: torch.Tensor):
        self.x = torch.from_numpy(images.to_uint8(x))

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.x[i][None].repeat(3, 1, 1)


def inception_fid(samples: torch.Tensor, reference: torch.Tensor, cuda: bool) -> dict:
    """{"available": True, "fid": ...}, or {"available": False, "reason": ...} saying what was missing."""
    try:
        import torch_fidelity
    except ImportError:
        return {"available": False, "reason": "torch-fidelity is not installed (pip install torch-fidelity)"}
    try:
        result = torch_fidelity.calculate_metrics(
            input1=Uint8RGB(samples), input2=Uint8RGB(reference), fid=True, cuda=cuda, verbose=False
        )
    except Exception as error:  # typically: its Inception weights cannot be downloaded (no internet)
        return {"available": False, "reason": f"torch-fidelity failed: {type(error).__name__}: {error}"}
    return {"available": True, "fid": float(result["frechet_inception_distance"])}
