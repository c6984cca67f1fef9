"""The Denoise tab's strings."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "tab_denoise": {"en": "Denoise", "ko": "노이즈 제거"},
    "denoise_intro": {
        "en": (
            "Five ways to clean a noisy picture, side by side: a **denoising autoencoder**, the **VAE**, "
            "**diffusion** (SDEdit: noise the image part-way, then run the reverse process), a classic 3×3 "
            "**median filter** and a **blind denoiser** for noise, specks, compression or blur of unknown strength. "
            "Upload a noisy image with σ = 0, or a clean one with σ > 0 to also get the PSNR "
            "against it. The learned denoisers only know clothes: on anything else they invent clothes."
        ),
        "ko": (
            "노이즈 낀 그림을 깨끗하게 만드는 다섯 가지 방법을 나란히 비교합니다: **디노이징 오토인코더**, **VAE**, "
            "**디퓨전**(SDEdit: 이미지에 노이즈를 일부만 더한 뒤 역방향 과정 실행), 고전적인 3×3 **메디안 필터**, "
            "그리고 세기를 모르는 노이즈·점 잡음·압축·흐림을 위한 **블라인드 디노이저**. "
            "노이즈 낀 이미지는 σ = 0으로, 깨끗한 이미지는 σ > 0으로 올리면 원본 대비 PSNR도 볼 수 있습니다. "
            "학습된 방법들은 옷만 알기 때문에 다른 그림에서는 옷을 지어냅니다."
        ),
    },
    "denoise_how": {
        "en": """
**Denoising AE.** Trained on pairs (noisy x, clean x) with noise σ drawn from [0, 0.5]: it learns to map
noisy images back onto the images it knows.

**VAE.** Encodes and decodes through the posterior mean μ: a projection onto what the VAE can represent.
Removes noise, but also detail (blurry).

**Diffusion (SDEdit).** Treat the noisy image as x_t for the step t* whose noise level matches σ, then run
the reverse process from there. Strong noise → a larger t* → more of the image is re-imagined.

**Median filter.** Each pixel becomes the median of its 3×3 neighbourhood: no learning, good on
salt-and-pepper noise, smears thin details.

**Blind denoiser (residual) beside the denoising AE (bottleneck).** The DAE squeezes the picture through a 32-number
code and rebuilds it, so it can never return more detail than its code keeps, even from a clean upload. The blind
denoiser (DnCNN-style) keeps the picture at full size and predicts only what was added to it, then subtracts that:
a clean upload passes through nearly as it is. It was trained on a fresh mix of Gaussian and Poisson noise,
salt-and-pepper specks, JPEG compression and blur at random strengths, so it needs no σ.

**PSNR** = 10·log₁₀(1 / MSE) in dB with pixels in [0, 1]; higher is better, +6 dB halves the error.
""",
        "ko": """
**디노이징 AE.** (노이즈 낀 x, 깨끗한 x) 쌍으로 학습했으며 노이즈 σ는 [0, 0.5]에서 뽑습니다. 노이즈 낀 이미지를
자신이 아는 이미지로 되돌리는 법을 배웁니다.

**VAE.** 사후분포 평균 μ를 거쳐 인코딩·디코딩합니다. VAE가 표현할 수 있는 것으로의 사영이라 노이즈와 함께
세부도 사라집니다(흐림).

**디퓨전(SDEdit).** 노이즈 낀 이미지를, 노이즈 수준이 σ와 같은 스텝 t*의 x_t로 보고 거기서부터 역방향 과정을
실행합니다. 노이즈가 강할수록 t*가 커지고 이미지의 더 많은 부분을 새로 상상합니다.

**메디안 필터.** 각 픽셀을 3×3 이웃의 중앙값으로 바꿉니다. 학습이 없고, 소금-후추 노이즈에 강하지만 가는 세부를
뭉갭니다.

**블라인드 디노이저(잔차) 대 디노이징 AE(병목).** DAE는 그림을 32개 숫자의 코드로 압축했다가 다시 만들기 때문에,
깨끗한 업로드라도 코드가 담은 것보다 더 많은 세부를 돌려줄 수 없습니다. 블라인드 디노이저(DnCNN 방식)는 그림을
원래 크기 그대로 두고 더해진 것만 예측해 빼므로, 깨끗한 업로드는 거의 그대로 통과합니다. 가우시안·푸아송 노이즈,
소금-후추 점 잡음, JPEG 압축, 흐림을 무작위 세기로 섞어 매번 새로 만든 이미지로 학습해 σ가 필요 없습니다.

**PSNR** = 10·log₁₀(1 / MSE) dB (픽셀 범위 [0, 1]). 높을수록 좋고, +6 dB면 오차가 절반입니다.
""",
    },
    "sigma": {
        "en": "Noise σ to add (0 = the upload is already noisy)",
        "ko": "더할 노이즈 σ (0 = 업로드가 이미 노이즈 낀 이미지)",
    },
    "denoise": {"en": "Denoise", "ko": "노이즈 제거"},
    "before_after": {
        "en": "Before (noisy) / after (denoised): drag the handle",
        "ko": "전(노이즈) / 후(제거): 손잡이를 끌어 보세요",
    },
    "all_methods": {"en": "All five methods", "ko": "다섯 가지 방법 모두"},
    "denoised": {"en": "Denoised", "ko": "노이즈 제거 결과"},
    "examples_noisy": {
        "en": "Examples: noisy test images (use σ = 0)",
        "ko": "예시: 노이즈 낀 테스트 이미지 (σ = 0 사용)",
    },
    "suite_title": {
        "en": "Measured: every method on noise, specks, compression and blur",
        "ko": "측정값: 노이즈, 점 잡음, 압축, 흐림에서의 모든 방법",
    },
    "suite_how": {
        "en": (
            "The same 1,000 test images, each degradation at three strengths (`python -m genmodels.measure.evaluate "
            "--models dae vae blind_denoiser --sections degradations --merge`). The learned methods get the damaged "
            "picture as a visitor's upload, with no σ; "
            "non-local means and BM3D get the true σ where the damage has one. Above 0 dB a method improved the "
            "picture; below, it made it worse."
        ),
        "ko": (
            "같은 테스트 이미지 1,000장에 각 손상을 세 가지 세기로 줍니다(`python -m genmodels.measure.evaluate "
            "--models dae vae blind_denoiser --sections degradations --merge`). 학습된 방법은 σ 없이 "
            "방문자의 업로드처럼 손상된 그림을 받고, "
            "non-local means와 BM3D는 손상에 σ가 있으면 참값을 받습니다. 0 dB보다 크면 그림을 개선한 것이고, "
            "작으면 더 나쁘게 만든 것입니다."
        ),
    },
    "suite_gains": {
        "en": "Gain over the damaged input (dB), medium strength",
        "ko": "손상된 입력 대비 개선 (dB), 중간 세기",
    },
    "suite_means": {"en": "Mean PSNR over every degradation and strength", "ko": "모든 손상·세기의 평균 PSNR"},
    "examples_degraded": {
        "en": "Examples: compressed, sensor noise, specks, blur (use σ = 0; try the blind denoiser)",
        "ko": "예시: 압축, 센서 노이즈, 점 잡음, 흐림 (σ = 0 사용; 블라인드 디노이저를 써 보세요)",
    },
    "examples_clean": {
        "en": "Examples: clean test images (σ = 0.3 is added)",
        "ko": "예시: 깨끗한 테스트 이미지 (σ = 0.3 추가)",
    },
    "choice_median": {"en": "median filter", "ko": "메디안 필터"},
    "choice_blind": {"en": "blind denoiser", "ko": "블라인드 디노이저"},
    "choice_diffusion": {"en": "diffusion (SDEdit)", "ko": "디퓨전 (SDEdit)"},
}

PHRASES = {  # built at request time (i18n.say)
    "cleaner_than_bottleneck": {
        "en": (
            "This picture is already cleaner than the {method} can rebuild any picture: the blind denoiser "
            "changes it by only {change:.1f} dB PSNR, while the {method} rebuilds clean test images at "
            "{ceiling:.1f} dB (measured, metrics.json). A bottleneck keeps only what its code holds, so here "
            "it would make the picture worse: try the blind denoiser."
        ),
        "ko": (
            "이 그림은 {method}가 어떤 그림이든 다시 만들 수 있는 수준보다 이미 깨끗합니다: "
            "블라인드 디노이저는 이 그림을 PSNR {change:.1f} dB만큼만 바꾸지만, {method}는 깨끗한 "
            "테스트 이미지를 {ceiling:.1f} dB로 다시 만듭니다(측정값, metrics.json). 병목은 코드가 담은 "
            "것만 남기므로 여기서는 그림을 더 나쁘게 만듭니다: 블라인드 디노이저를 써 보세요."
        ),
    },
    "psnr_line": {
        "en": "PSNR against the clean image: noisy input {noisy:.2f} dB → {method} {denoised:.2f} dB",
        "ko": "깨끗한 이미지 대비 PSNR: 노이즈 입력 {noisy:.2f} dB → {method} {denoised:.2f} dB",
    },
    "no_reference": {
        "en": "σ = 0: the upload is taken as already noisy, so there is no clean image to measure PSNR against.",
        "ko": "σ = 0: 업로드를 이미 노이즈 낀 이미지로 보므로 PSNR을 잴 깨끗한 원본이 없습니다.",
    },
}
