"""The Autoencoder tab's strings. `{name}` placeholders are measured sentences (ui/claims.py)."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "tab_ae": {"en": "Autoencoder", "ko": "오토인코더"},
    "draw": {"en": "Draw", "ko": "그리기"},
    "ae_intro": {
        "en": (
            "An **autoencoder** squeezes each 28×28 image (784 numbers) through a 32-number bottleneck and "
            "rebuilds it. It is good at compression, denoising and finding structure without labels. Its known "
            "failure: given too much capacity it learns to copy its input (the identity mapping) instead of useful "
            "features, and its codes are not a distribution, so it cannot make new images."
        ),
        "ko": (
            "**오토인코더**는 28×28 이미지(숫자 784개)를 숫자 32개짜리 병목으로 압축했다가 다시 복원합니다. "
            "압축, 노이즈 제거, 레이블 없이 구조를 찾는 데 강합니다. 알려진 약점: 용량이 너무 크면 유용한 특징 대신 "
            "입력을 그대로 베끼는 항등 함수를 배우고, 코드가 확률분포가 아니어서 새 이미지를 만들 수 없습니다."
        ),
    },
    "ae_how": {
        "en": """
**Architecture.** Encoder: two stride-2 convolutions (28→14→7 px) and a linear layer to the code *z*.
Decoder: the mirror image (linear, two transposed convolutions, tanh).{ae_size}

**Loss.** Mean squared error between the input *x* and the reconstruction *x̂ = dec(enc(x))*.

**Three variants, one network, different training:**
- *plain AE*: 32-d code, MSE only;
- *denoising AE*: sees inputs with Gaussian noise (σ up to 0.5) and must output the clean image, so it
  cannot simply copy;
- *sparse AE*: 64-d ReLU code with an L1 penalty (λ = 10⁻³) that pushes the code towards zero.{sparse_top_k}

**And one deeper network:** the *deep AE* is the plain AE with two more 3×3 convolutions at 14×14 and two at 7×7
on each side (more layers, a hierarchy of features), the same 32-d code and the same number of training updates.
Whether depth pays off is measured, not assumed: the *Measured* panel lists its size and PSNR beside the plain AE's.

**Reading the outputs.** The error map is |x̂ − x| per pixel (brighter = worse): edges and fine texture
(prints, stripes) are what a small bottleneck loses first. The bar chart is the code *z* itself.{sparse_activity}
The VAE option reconstructs through the posterior mean μ.
""",
        "ko": """
**구조.** 인코더: stride 2 합성곱 두 번(28→14→7 px)과 코드 *z*로 가는 선형층. 디코더: 그 거울상(선형층,
전치 합성곱 두 번, tanh).{ae_size}

**손실.** 입력 *x*와 복원 *x̂ = dec(enc(x))* 사이의 평균제곱오차(MSE).

**같은 네트워크, 다른 학습 — 세 가지 변형:**
- *기본 AE*: 32차원 코드, MSE만 사용;
- *디노이징 AE*: 가우시안 노이즈(σ 최대 0.5)가 섞인 입력을 보고 깨끗한 이미지를 출력해야 하므로 단순히 베낄 수 없음;
- *희소 AE*: 64차원 ReLU 코드에 L1 페널티(λ = 10⁻³)를 더해 코드를 0 쪽으로 밀어붙임.{sparse_top_k}

**더 깊은 네트워크 하나:** *깊은 AE*는 기본 AE의 양쪽에 14×14에서 3×3 합성곱 두 개, 7×7에서 두 개를 더한 것(층이 \
많을수록
특징의 계층), 코드는 같은 32차원이고 학습 업데이트 수도 같습니다. 깊이가 도움이 되는지는 가정하지 않고 측정합니다:
*측정값* 패널에서 크기와 PSNR을 기본 AE와 나란히 볼 수 있습니다.

**출력 읽기.** 오차 맵은 픽셀별 |x̂ − x|(밝을수록 나쁨)입니다. 작은 병목은 가장자리와 세밀한 무늬(프린트,
줄무늬)를 먼저 잃습니다. 막대그래프는 코드 *z* 자체입니다.{sparse_activity}
VAE 옵션은 사후분포의 평균 μ를 통해 복원합니다.
""",
    },
    "draw_label": {
        "en": "Draw a garment (it is inverted to white-on-black, like the dataset)",
        "ko": "옷을 그려 보세요 (데이터셋처럼 검은 바탕의 흰 그림으로 반전됩니다)",
    },
    "use_drawing": {"en": "Reconstruct the drawing", "ko": "그림 복원하기"},
    "reconstruct": {"en": "Reconstruct", "ko": "복원"},
    "error_map": {"en": "Per-pixel error |x̂ − x| (brighter = worse)", "ko": "픽셀별 오차 |x̂ − x| (밝을수록 나쁨)"},
    "latent_code": {"en": "Latent code z", "ko": "잠재 코드 z"},
    "choice_ae": {"en": "plain AE", "ko": "기본 AE"},
    "choice_sparse_ae": {"en": "sparse AE", "ko": "희소 AE"},
    "choice_deep_ae": {"en": "deep AE", "ko": "깊은 AE"},
}
