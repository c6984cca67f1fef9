"""Every string the visitor reads, in English and Korean.

Static text (labels, intros, "How it works") goes through `gr.I18n`: the browser's language picks
the translation, so one page serves both. Text computed at request time (a PSNR line, a latency
table) cannot use `gr.I18n` (it only translates static frontend text), so `say()` picks the
language from the request's Accept-Language header instead.
"""

from __future__ import annotations

import gradio as gr

EN = {
    # page
    "title": "# genmodels: four kinds of generative model on Fashion-MNIST",
    "subtitle": (
        "An **autoencoder**, a **VAE**, two **GANs** and a **diffusion model**, each trained on 70,000 "
        "28×28 pictures of clothes, side by side. Every tab runs the real models; every button is also a web "
        "API endpoint (see *Use via API* at the bottom of the page)."
    ),
    "model_status": "Which models are loaded",
    "tab_ae": "Autoencoder",
    "tab_vae": "VAE",
    "tab_gan": "GAN",
    "tab_diffusion": "Diffusion",
    "tab_denoise": "Denoise",
    "tab_anomaly": "Anomaly",
    "tab_compare": "Compare",
    "how_it_works": "How it works",
    # shared controls
    "seed": "Seed",
    "n_images": "Number of images",
    "examples": "Examples: Fashion-MNIST test images (click one)",
    "upload": "Upload",
    "draw": "Draw",
    "input_image": "Input image (upload, paste or pick an example)",
    "model_view": "What the model sees (28×28)",
    "model": "Model",
    # autoencoder
    "ae_intro": (
        "An **autoencoder** squeezes each 28×28 image (784 numbers) through a 32-number bottleneck and "
        "rebuilds it. It is good at compression, denoising and finding structure without labels. Its known "
        "failure: given too much capacity it learns to copy its input (the identity mapping) instead of useful "
        "features, and its codes are not a distribution, so it cannot make new images."
    ),
    "ae_how": """
**Architecture.** Encoder: two stride-2 convolutions (28→14→7 px) and a linear layer to the code *z*.
Decoder: the mirror image (linear, two transposed convolutions, tanh). About 0.35 M parameters.

**Loss.** Mean squared error between the input *x* and the reconstruction *x̂ = dec(enc(x))*.

**Three variants, one network, different training:**
- *plain AE*: 32-d code, MSE only;
- *denoising AE*: sees inputs with Gaussian noise (σ up to 0.5) and must output the clean image, so it
  cannot simply copy;
- *sparse AE*: 64-d ReLU code with an L1 penalty (λ = 10⁻³) that switches most units off for any one image.

**Reading the outputs.** The error map is |x̂ − x| per pixel (brighter = worse): edges and fine texture
(prints, stripes) are what a small bottleneck loses first. The bar chart is the code *z* itself; for the
sparse AE most bars are exactly zero. The VAE option reconstructs through the posterior mean μ.
""",
    "draw_label": "Draw a garment (it is inverted to white-on-black, like the dataset)",
    "use_drawing": "Reconstruct the drawing",
    "reconstruct": "Reconstruct",
    "reconstruction": "Reconstruction",
    "error_map": "Per-pixel error |x̂ − x| (brighter = worse)",
    "mse": "MSE (pixels in [0, 1])",
    "latent_code": "Latent code z",
    "choice_ae": "plain AE",
    "choice_dae": "denoising AE",
    "choice_sparse_ae": "sparse AE",
    "choice_vae": "VAE",
    # vae
    "vae_intro": (
        "A **variational autoencoder** encodes each image as a Gaussian over a 16-d latent space and keeps "
        "those Gaussians close to N(0, I), so decoding random noise gives new images. It is good at smooth "
        "latent spaces: sampling, interpolation, the 2-D map below. Known failures: samples are blurry (the "
        "decoder predicts an average image), and with a strong KL term latent dimensions collapse to the prior "
        "and carry nothing (posterior collapse)."
    ),
    "vae_how": """
**Loss (the negative ELBO).** reconstruction + β·KL: the reconstruction term is the Bernoulli
log-likelihood of the pixels (binary cross-entropy), the KL term pulls each posterior q(z|x) = N(μ, σ²)
towards the prior N(0, I).

**Reparameterisation.** z = μ + σ·ε with ε ~ N(0, I) keeps sampling differentiable, so the encoder
learns by back-propagation.

**β.** β = 1 is the true ELBO. β = 4 (the β-VAE) weights the KL term more: smoother, more disentangled
latents, blurrier images. A KL warm-up (β ramps from 0 over 2 epochs) keeps the decoder from ignoring z
early on, the usual cause of posterior collapse.

**Temperature** multiplies the prior noise: below 1 gives typical, cleaner images; above 1 gives variety
and artefacts. **Interpolation** decodes points on the straight line (linear) or the great circle
(slerp) between the two images' means μ; slerp keeps the points at a typical distance from the origin.
**The 2-D map** comes from a VAE whose latent space has only 2 dimensions, so it can be drawn.
""",
    "sample_header": "### Sample from the prior",
    "temperature": "Temperature",
    "sample": "Sample",
    "vae_beta1": "VAE (β = 1)",
    "vae_beta4": "β-VAE (β = 4)",
    "interp_header": "### Interpolate between two images",
    "image_a": "Image A",
    "image_b": "Image B",
    "interp_steps": "Frames",
    "interp_mode": "Path",
    "interp_model": "Model",
    "interpolate": "Interpolate",
    "frames": "Frames (A's reconstruction first)",
    "map_header": "### The 2-D latent map",
    "map_help": (
        "2,000 test images encoded by a VAE with a 2-D latent space, one dot each, coloured by class. "
        "**Click anywhere on the map** to decode that point, or type coordinates."
    ),
    "map": "Latent map (click to decode)",
    "decoded": "Decoded point",
    "decode": "Decode",
    # gan
    "gan_intro": (
        "A **GAN** trains a generator to turn random noise into images that a second network, the "
        "discriminator, cannot tell from real ones. It gives sharp samples in a single network call. Known "
        "failures: training is unstable, and the generator can collapse onto a few kinds of garment (mode "
        "collapse), which the meter below measures."
    ),
    "gan_how": """
**Generator (shared by both variants).** A 64-d noise vector z → 7×7 → 14×14 → 28×28 through transposed
convolutions with batch norm, tanh at the end.

**DCGAN.** The discriminator outputs a real/fake probability; binary cross-entropy for both networks;
batch norm; one-sided label smoothing (real labels 0.9) so the discriminator does not become
over-confident; Adam with lr 2·10⁻⁴, β₁ = 0.5.

**WGAN-GP.** The critic outputs an unbounded score whose gap between real and generated images estimates
the Wasserstein distance; a gradient penalty (λ = 10) keeps the critic 1-Lipschitz; 5 critic steps per
generator step; no batch norm in the critic (it would break the per-sample penalty). Usually more stable
and less prone to mode collapse.

**Truncation ψ** multiplies z: ψ < 1 stays near the centre of the noise distribution (cleaner, less varied),
ψ > 1 goes to its tails. **The latent walk** decodes points on the great circle (slerp) between two seeds' z.
""",
    "truncation": "Truncation ψ",
    "variant_left": "Left panel",
    "variant_right": "Right panel",
    "gan_sample": "Sample both (same seeds)",
    "walk_header": "### Latent walk between two seeds",
    "seed_a": "Seed A",
    "seed_b": "Seed B",
    "walk_steps": "Frames",
    "variant": "Variant",
    "walk": "Walk",
    "walk_frames": "Frames (seed A first)",
    "meter_header": "### Mode-collapse meter",
    "meter_help": (
        "256 samples per variant, each labelled by the shipped Fashion-MNIST classifier. A healthy generator "
        "spreads over all 10 classes (about 26 each); a collapsed one piles into a few."
    ),
    "measure": "Measure",
    "histogram_dcgan": "DCGAN: samples per class",
    "histogram_wgan": "WGAN-GP: samples per class",
    # diffusion
    "diffusion_intro": (
        "A **diffusion model** learns to undo noise: starting from pure Gaussian noise, a UNet removes a "
        "little noise at each of many steps until a picture remains. It gives the most faithful and varied "
        "samples and can be steered towards a class (guidance). Its known failure is speed: an image needs tens "
        "to hundreds of network calls, so watch the frames arrive."
    ),
    "diffusion_how": """
**Forward process.** q(x_t | x_0) = N(√ᾱ_t · x_0, (1 − ᾱ_t) I): a fixed cosine schedule mixes the image
with more and more Gaussian noise over T = 1000 steps (try the slider below).

**Network and loss.** A UNet (28→14→7 px, self-attention at 7×7, 2.7 M parameters) sees x_t, t and the
class, and predicts the velocity v = √ᾱ_t · ε − √(1 − ᾱ_t) · x_0, a mix of the added noise ε and the image
(measured: it learns much faster here than predicting ε alone); loss ‖v − v̂‖². Weights are an exponential
moving average (decay 0.999) of the trained ones.

**Guidance.** During training the class label is dropped 10% of the time, so one network is both
conditional and unconditional. Sampling mixes the two: v = v_uncond + w·(v_cond − v_uncond), which mixes the
implied noise predictions ε the same way; w = 0 ignores
the class, 1 is the conditional model, larger w gives more typical but less varied images. A w above 1 acts
only at the less noisy timesteps (t ≤ 400 of 1000): applied at the noisiest steps it over-drives the layout into
cluttered, saturated shapes (measured: fewer samples recognisable as their class).

**Samplers.** DDPM adds fresh noise at every step (stochastic, made for many steps). DDIM takes far fewer
steps. At η = 0 it follows a deterministic path; at η = 1 (the default here) every step re-draws DDPM's share
of the noise, which washes out part of the network's earlier mistakes. Measured at 50 steps, a twentieth of
DDPM's network calls: with η = 1, 97.8% of guided samples (w = 3) are recognised as their class (η = 0: 92.6%),
and unguided samples come within 15% of DDPM-1000's feature distance to real images (η = 0: about 1.5 times
it). Set η = 0 to see the deterministic sampler.
After sampling, scrub through the stored steps: x_t is the noisy sample, predicted x₀ is the network's
current guess of the final image.
""",
    "class_name": "Class",
    "guidance": "Guidance scale w (ignored for 'any')",
    "sampler": "Sampler",
    "steps": "Steps",
    "eta": "η (DDIM noise; 0 = deterministic, 1 = DDPM's)",
    "samples": "Samples (streamed while the reverse process runs)",
    "traj_header": "### Scrub through the reverse process",
    "traj_step": "Stored step",
    "traj_show": "Show",
    "traj_x_t": "x_t (the noisy sample)",
    "traj_x0": "predicted x₀",
    "traj_image": "The first 16 samples at this step",
    "forward_header": "### The forward process: noise an image",
    "t": "t (0 = the image, 999 = pure noise)",
    "add_noise": "Add noise",
    "x_t": "x_t",
    "compare_header": "### DDPM vs DDIM on the same seed",
    "compare_samplers": "Compare samplers",
    # denoise
    "denoise_intro": (
        "Four ways to clean a noisy picture, side by side: a **denoising autoencoder**, the **VAE**, "
        "**diffusion** (SDEdit: noise the image part-way, then run the reverse process) and a classic 3×3 "
        "**median filter**. Upload a noisy image with σ = 0, or a clean one with σ > 0 to also get the PSNR "
        "against it. The learned denoisers only know clothes: on anything else they invent clothes."
    ),
    "denoise_how": """
**Denoising AE.** Trained on pairs (noisy x, clean x) with noise σ drawn from [0, 0.5]: it learns to map
noisy images back onto the images it knows.

**VAE.** Encodes and decodes through the posterior mean μ: a projection onto what the VAE can represent.
Removes noise, but also detail (blurry).

**Diffusion (SDEdit).** Treat the noisy image as x_t for the step t* whose noise level matches σ, then run
the reverse process from there. Strong noise → a larger t* → more of the image is re-imagined.

**Median filter.** Each pixel becomes the median of its 3×3 neighbourhood: no learning, good on
salt-and-pepper noise, smears thin details.

**PSNR** = 10·log₁₀(1 / MSE) in dB with pixels in [0, 1]; higher is better, +6 dB halves the error.
""",
    "sigma": "Noise σ to add (0 = the upload is already noisy)",
    "method": "Method shown in the before/after slider",
    "denoise": "Denoise",
    "before_after": "Before (noisy) / after (denoised): drag the handle",
    "all_methods": "All four methods",
    "noisy": "Noisy input",
    "denoised": "Denoised",
    "examples_noisy": "Examples: noisy test images (use σ = 0)",
    "examples_clean": "Examples: clean test images (σ = 0.3 is added)",
    "choice_median": "median filter",
    "choice_diffusion": "diffusion (SDEdit)",
    # anomaly
    "anomaly_intro": (
        "Models trained only on clothes find other pictures hard to explain, and that difficulty is an "
        "**anomaly score**: the autoencoder's reconstruction error, the VAE's negative ELBO, the diffusion "
        "model's denoising error. Each has a threshold at the 95th percentile of the test set's scores, so about "
        "5% of ordinary clothes are flagged (the false-positive rate). Known failure: a simple picture (a plain "
        "blob) is easy to reconstruct and can look more normal than a real garment."
    ),
    "anomaly_how": """
**AE score.** Mean squared reconstruction error: the bottleneck only has room for what clothes look like.

**VAE score.** The negative ELBO (reconstruction + KL, in nats), a bound on −log p(x): how improbable the
image is under the model.

**Diffusion score.** Noise the image at three fixed steps (t = 50, 150, 300) with fixed noise and average
the error of the network's prediction (of v, see the Diffusion tab). It measures how well the image fits the
learned denoiser.

**Thresholds** come from `python -m genmodels.calibrate`: the 95th percentile of each score over the
10,000 test images, so the false-positive rate on normal clothes is 5% by construction. The histogram shows
those test-set scores, the threshold and your image.
""",
    "anomaly_method": "Score",
    "score": "Score (higher = more anomalous)",
    "score_button": "Score",
    "threshold": "Threshold (95th percentile of the test set)",
    "verdict": "Verdict",
    "histogram": "Test-set scores (grey), the threshold (red) and your image (blue)",
    "examples_normal": "Examples: normal (test images)",
    "examples_abnormal": "Examples: not clothes",
    "choice_ae_score": "AE: reconstruction error",
    "choice_vae_score": "VAE: negative ELBO",
    "choice_diffusion_score": "diffusion: denoising error",
    # compare
    "compare_intro": (
        "The four families on one screen: samples from the same seed, the measured quality of each model and "
        "how long one request takes on this machine. The autoencoder cannot sample (its codes are not a "
        "distribution), so its column shows reconstructions of test images instead."
    ),
    "compare_how": """
**Quality numbers** come from `python -m genmodels.evaluate` on the shipped weights: FID and KID computed
in the feature space of the Fashion-MNIST classifier (lower is better), class coverage (how many of the 10
classes the samples cover), reconstruction PSNR, anomaly AUROC. **Latency** is the wall time of this one
request per model, on this server's hardware.
""",
    "generate_all": "Generate with all four",
    "col_ae": "AE: reconstructions",
    "col_vae": "VAE samples",
    "col_gan": "DCGAN samples",
    "col_diffusion": "Diffusion (DDIM, 25 steps)",
    "latency": "Latency of this request",
    "metrics_header": "### Measured quality",
    "measured_quality": "Measured quality of these models",
    "measured_note": (
        "From `weights/metrics.json`, written by `python -m genmodels.evaluate` on the Fashion-MNIST test set. "
        "FD and KID: distance to real test images in the shipped classifier's feature space (lower is better); "
        "precision: how many samples look real; recall: how much of the real variety is covered; classes covered: "
        "how many of the 10 classes get at least 1% of the samples (mode collapse shows here). "
        "The README has the full tables and the protocol."
    ),
}

KO = {
    "title": "# genmodels: Fashion-MNIST로 보는 네 가지 생성 모델",
    "subtitle": (
        "**오토인코더**, **VAE**, 두 가지 **GAN**, **디퓨전 모델**을 28×28 옷 사진 70,000장으로 학습해 나란히 "
        "비교합니다. 모든 탭은 실제 모델을 실행하며, 모든 버튼은 웹 API 엔드포인트이기도 합니다(페이지 아래 "
        "*Use via API* 참고)."
    ),
    "model_status": "불러온 모델",
    "tab_ae": "오토인코더",
    "tab_vae": "VAE",
    "tab_gan": "GAN",
    "tab_diffusion": "디퓨전",
    "tab_denoise": "노이즈 제거",
    "tab_anomaly": "이상 탐지",
    "tab_compare": "비교",
    "how_it_works": "작동 원리",
    "seed": "시드",
    "n_images": "이미지 수",
    "examples": "예시: Fashion-MNIST 테스트 이미지 (클릭)",
    "upload": "업로드",
    "draw": "그리기",
    "input_image": "입력 이미지 (업로드, 붙여넣기 또는 예시 선택)",
    "model_view": "모델이 보는 이미지 (28×28)",
    "model": "모델",
    "ae_intro": (
        "**오토인코더**는 28×28 이미지(숫자 784개)를 숫자 32개짜리 병목으로 압축했다가 다시 복원합니다. "
        "압축, 노이즈 제거, 레이블 없이 구조를 찾는 데 강합니다. 알려진 약점: 용량이 너무 크면 유용한 특징 대신 "
        "입력을 그대로 베끼는 항등 함수를 배우고, 코드가 확률분포가 아니어서 새 이미지를 만들 수 없습니다."
    ),
    "ae_how": """
**구조.** 인코더: stride 2 합성곱 두 번(28→14→7 px)과 코드 *z*로 가는 선형층. 디코더: 그 거울상(선형층,
전치 합성곱 두 번, tanh). 파라미터 약 35만 개.

**손실.** 입력 *x*와 복원 *x̂ = dec(enc(x))* 사이의 평균제곱오차(MSE).

**같은 네트워크, 다른 학습 — 세 가지 변형:**
- *기본 AE*: 32차원 코드, MSE만 사용;
- *디노이징 AE*: 가우시안 노이즈(σ 최대 0.5)가 섞인 입력을 보고 깨끗한 이미지를 출력해야 하므로 단순히 베낄 수 없음;
- *희소 AE*: 64차원 ReLU 코드에 L1 페널티(λ = 10⁻³)를 더해 이미지마다 대부분의 유닛이 꺼짐.

**출력 읽기.** 오차 맵은 픽셀별 |x̂ − x|(밝을수록 나쁨)입니다. 작은 병목은 가장자리와 세밀한 무늬(프린트,
줄무늬)를 먼저 잃습니다. 막대그래프는 코드 *z* 자체이며, 희소 AE에서는 대부분의 막대가 정확히 0입니다.
VAE 옵션은 사후분포의 평균 μ를 통해 복원합니다.
""",
    "draw_label": "옷을 그려 보세요 (데이터셋처럼 검은 바탕의 흰 그림으로 반전됩니다)",
    "use_drawing": "그림 복원하기",
    "reconstruct": "복원",
    "reconstruction": "복원 결과",
    "error_map": "픽셀별 오차 |x̂ − x| (밝을수록 나쁨)",
    "mse": "MSE (픽셀 범위 [0, 1])",
    "latent_code": "잠재 코드 z",
    "choice_ae": "기본 AE",
    "choice_dae": "디노이징 AE",
    "choice_sparse_ae": "희소 AE",
    "choice_vae": "VAE",
    "vae_intro": (
        "**변분 오토인코더(VAE)**는 각 이미지를 16차원 잠재 공간의 가우시안으로 인코딩하고, 그 가우시안들을 "
        "N(0, I)에 가깝게 유지하므로 무작위 노이즈를 디코딩하면 새 이미지가 나옵니다. 샘플링, 보간, 아래의 2차원 "
        "지도처럼 매끄러운 잠재 공간에 강합니다. 알려진 약점: 디코더가 평균적인 이미지를 예측하므로 샘플이 흐리고, "
        "KL 항이 강하면 일부 잠재 차원이 사전분포로 붕괴해 아무 정보도 담지 않습니다(사후 붕괴)."
    ),
    "vae_how": """
**손실(음의 ELBO).** 복원 항 + β·KL: 복원 항은 픽셀의 베르누이 로그우도(이진 교차 엔트로피)이고, KL 항은
각 사후분포 q(z|x) = N(μ, σ²)를 사전분포 N(0, I) 쪽으로 끌어당깁니다.

**재매개변수화.** ε ~ N(0, I)에 대해 z = μ + σ·ε로 샘플링하면 미분이 가능해져 인코더가 역전파로 학습됩니다.

**β.** β = 1은 진짜 ELBO입니다. β = 4(β-VAE)는 KL 항에 더 큰 가중치를 주어 더 매끄럽고 분리된 잠재 공간을
얻는 대신 이미지가 더 흐려집니다. KL 워밍업(β를 2 에폭 동안 0에서 올림)은 학습 초기에 디코더가 z를 무시하는
것, 즉 사후 붕괴의 흔한 원인을 막아 줍니다.

**온도**는 사전분포 노이즈에 곱해집니다. 1보다 작으면 전형적이고 깔끔한 이미지, 크면 다양하지만 결함이 많은
이미지가 나옵니다. **보간**은 두 이미지의 평균 μ 사이를 직선(linear) 또는 대원(slerp) 위의 점으로 디코딩하며,
slerp는 점들을 원점에서 전형적인 거리에 유지합니다. **2차원 지도**는 잠재 공간이 2차원뿐인 VAE로 그렸습니다.
""",
    "sample_header": "### 사전분포에서 샘플링",
    "temperature": "온도",
    "sample": "샘플링",
    "vae_beta1": "VAE (β = 1)",
    "vae_beta4": "β-VAE (β = 4)",
    "interp_header": "### 두 이미지 사이 보간",
    "image_a": "이미지 A",
    "image_b": "이미지 B",
    "interp_steps": "프레임 수",
    "interp_mode": "경로",
    "interp_model": "모델",
    "interpolate": "보간",
    "frames": "프레임 (A의 복원이 처음)",
    "map_header": "### 2차원 잠재 지도",
    "map_help": (
        "잠재 공간이 2차원인 VAE로 테스트 이미지 2,000장을 인코딩해 한 장당 점 하나로, 클래스별 색으로 그렸습니다. "
        "**지도 아무 곳이나 클릭**하면 그 점을 디코딩합니다. 좌표를 직접 입력해도 됩니다."
    ),
    "map": "잠재 지도 (클릭하면 디코딩)",
    "decoded": "디코딩한 점",
    "decode": "디코딩",
    "gan_intro": (
        "**GAN**은 생성자가 무작위 노이즈를 이미지로 바꾸도록 학습시키고, 두 번째 네트워크인 판별자가 진짜와 "
        "구별하지 못하게 만듭니다. 네트워크를 한 번만 호출해 선명한 샘플을 얻습니다. 알려진 약점: 학습이 불안정하고, "
        "생성자가 몇 가지 옷에만 몰리는 모드 붕괴가 일어날 수 있습니다. 아래 측정기로 확인해 보세요."
    ),
    "gan_how": """
**생성자(두 변형이 공유).** 64차원 노이즈 z → 7×7 → 14×14 → 28×28, 배치 정규화를 쓴 전치 합성곱, 마지막은 tanh.

**DCGAN.** 판별자가 진짜일 확률을 출력하고 두 네트워크 모두 이진 교차 엔트로피를 씁니다. 배치 정규화,
판별자가 과신하지 않도록 한쪽 레이블 스무딩(진짜 레이블 0.9), Adam (lr 2·10⁻⁴, β₁ = 0.5).

**WGAN-GP.** 크리틱이 경계 없는 점수를 출력하고, 진짜와 생성 이미지의 점수 차이로 바서슈타인 거리를 추정합니다.
그래디언트 페널티(λ = 10)가 크리틱을 1-립시츠로 유지하고, 생성자 1스텝마다 크리틱을 5스텝 학습합니다.
크리틱에는 배치 정규화를 쓰지 않습니다(샘플별 페널티가 깨지므로). 대체로 더 안정적이고 모드 붕괴가 적습니다.

**절단 ψ**는 z에 곱해집니다. ψ < 1이면 노이즈 분포의 중심 근처(깔끔하지만 덜 다양), ψ > 1이면 꼬리 쪽입니다.
**잠재 공간 걷기**는 두 시드의 z 사이 대원(slerp) 위의 점들을 디코딩합니다.
""",
    "truncation": "절단 ψ",
    "variant_left": "왼쪽 패널",
    "variant_right": "오른쪽 패널",
    "gan_sample": "둘 다 샘플링 (같은 시드)",
    "walk_header": "### 두 시드 사이 잠재 공간 걷기",
    "seed_a": "시드 A",
    "seed_b": "시드 B",
    "walk_steps": "프레임 수",
    "variant": "변형",
    "walk": "걷기",
    "walk_frames": "프레임 (시드 A가 처음)",
    "meter_header": "### 모드 붕괴 측정기",
    "meter_help": (
        "변형마다 샘플 256장을 만들어 함께 제공되는 Fashion-MNIST 분류기로 분류합니다. 건강한 생성자는 10개 클래스에 "
        "고루(각 약 26장) 퍼지고, 붕괴한 생성자는 몇 개 클래스에 몰립니다."
    ),
    "measure": "측정",
    "histogram_dcgan": "DCGAN: 클래스별 샘플 수",
    "histogram_wgan": "WGAN-GP: 클래스별 샘플 수",
    "diffusion_intro": (
        "**디퓨전 모델**은 노이즈를 되돌리는 법을 배웁니다. 순수한 가우시안 노이즈에서 시작해 UNet이 여러 스텝에 "
        "걸쳐 노이즈를 조금씩 걷어내면 그림이 남습니다. 가장 충실하고 다양한 샘플을 만들며 원하는 클래스로 유도(가이던스)할 "
        "수 있습니다. 알려진 약점은 속도입니다. 이미지 한 장에 네트워크 호출이 수십~수백 번 필요하니, 프레임이 "
        "도착하는 모습을 지켜보세요."
    ),
    "diffusion_how": """
**순방향 과정.** q(x_t | x_0) = N(√ᾱ_t · x_0, (1 − ᾱ_t) I): 고정된 코사인 스케줄이 T = 1000 스텝에 걸쳐 이미지에
점점 더 많은 가우시안 노이즈를 섞습니다(아래 슬라이더로 확인해 보세요).

**네트워크와 손실.** UNet(28→14→7 px, 7×7에서 셀프 어텐션, 파라미터 약 270만 개)이 x_t, t, 클래스를 보고 더해진
노이즈 ε와 이미지를 섞은 속도 v = √ᾱ_t · ε − √(1 − ᾱ_t) · x_0를 예측합니다(측정 결과: ε만 예측할 때보다 훨씬
빨리 학습됨). 손실은 ‖v − v̂‖². 가중치는 학습된 가중치의 지수이동평균(감쇠 0.999)입니다.

**가이던스.** 학습 중 10%의 확률로 클래스 레이블을 지우므로 한 네트워크가 조건부이자 무조건부 모델입니다. 샘플링할 때
둘을 섞습니다: v = v_uncond + w·(v_cond − v_uncond)(여기서 나오는 노이즈 예측 ε도 같은 식으로 섞임). w = 0이면 클래스를 무시하고, 1이면 조건부 모델 그대로,
w가 클수록 전형적이지만 덜 다양한 이미지가 나옵니다. 1보다 큰 w는 노이즈가 적은 타임스텝(1000 중 t ≤ 400)에만 적용합니다.
노이즈가 가장 많은 스텝에 적용하면 형태를 과하게 밀어붙여 어수선하고 포화된 모양이 나옵니다(측정 결과: 클래스로 알아볼
수 있는 샘플이 줄어듦).

**샘플러.** DDPM은 매 스텝 새 노이즈를 더합니다(확률적, 많은 스텝용). DDIM은 훨씬 적은 스텝을 씁니다. η = 0이면
결정론적 경로를 따르고, η = 1(여기서의 기본값)이면 매 스텝 DDPM 몫의 노이즈를 새로 뽑아 네트워크가 앞서 한 실수를
일부 씻어냅니다. 네트워크 호출이 DDPM의 1/20인 50 스텝에서 측정한 결과: η = 1이면 가이던스 샘플(w = 3)의 97.8%가
요청한 클래스로 인식되고(η = 0: 92.6%), 무조건부 샘플의 실제 이미지와의 특징 거리는 DDPM-1000과 15% 이내입니다(η = 0:
약 1.5배). 결정론적 샘플러를 보려면 η = 0으로 두세요. 샘플링이 끝나면 저장된 스텝을
훑어보세요. x_t는 노이즈 섞인 샘플, 예측 x₀는 네트워크가 현재 추측하는 최종 이미지입니다.
""",
    "class_name": "클래스",
    "guidance": "가이던스 스케일 w ('any'이면 무시)",
    "sampler": "샘플러",
    "steps": "스텝 수",
    "eta": "η (DDIM 노이즈, 0 = 결정론적, 1 = DDPM과 같은 양)",
    "samples": "샘플 (역방향 과정이 진행되는 동안 스트리밍)",
    "traj_header": "### 역방향 과정 훑어보기",
    "traj_step": "저장된 스텝",
    "traj_show": "표시",
    "traj_x_t": "x_t (노이즈 섞인 샘플)",
    "traj_x0": "예측 x₀",
    "traj_image": "이 스텝의 처음 16개 샘플",
    "forward_header": "### 순방향 과정: 이미지에 노이즈 더하기",
    "t": "t (0 = 원본 이미지, 999 = 순수 노이즈)",
    "add_noise": "노이즈 더하기",
    "x_t": "x_t",
    "compare_header": "### 같은 시드로 DDPM과 DDIM 비교",
    "compare_samplers": "샘플러 비교",
    "denoise_intro": (
        "노이즈 낀 그림을 깨끗하게 만드는 네 가지 방법을 나란히 비교합니다: **디노이징 오토인코더**, **VAE**, "
        "**디퓨전**(SDEdit: 이미지에 노이즈를 일부만 더한 뒤 역방향 과정 실행), 고전적인 3×3 **메디안 필터**. "
        "노이즈 낀 이미지는 σ = 0으로, 깨끗한 이미지는 σ > 0으로 올리면 원본 대비 PSNR도 볼 수 있습니다. "
        "학습된 방법들은 옷만 알기 때문에 다른 그림에서는 옷을 지어냅니다."
    ),
    "denoise_how": """
**디노이징 AE.** (노이즈 낀 x, 깨끗한 x) 쌍으로 학습했으며 노이즈 σ는 [0, 0.5]에서 뽑습니다. 노이즈 낀 이미지를
자신이 아는 이미지로 되돌리는 법을 배웁니다.

**VAE.** 사후분포 평균 μ를 거쳐 인코딩·디코딩합니다. VAE가 표현할 수 있는 것으로의 사영이라 노이즈와 함께
세부도 사라집니다(흐림).

**디퓨전(SDEdit).** 노이즈 낀 이미지를, 노이즈 수준이 σ와 같은 스텝 t*의 x_t로 보고 거기서부터 역방향 과정을
실행합니다. 노이즈가 강할수록 t*가 커지고 이미지의 더 많은 부분을 새로 상상합니다.

**메디안 필터.** 각 픽셀을 3×3 이웃의 중앙값으로 바꿉니다. 학습이 없고, 소금-후추 노이즈에 강하지만 가는 세부를
뭉갭니다.

**PSNR** = 10·log₁₀(1 / MSE) dB (픽셀 범위 [0, 1]). 높을수록 좋고, +6 dB면 오차가 절반입니다.
""",
    "sigma": "더할 노이즈 σ (0 = 업로드가 이미 노이즈 낀 이미지)",
    "method": "전/후 슬라이더에 보일 방법",
    "denoise": "노이즈 제거",
    "before_after": "전(노이즈) / 후(제거): 손잡이를 끌어 보세요",
    "all_methods": "네 가지 방법 모두",
    "noisy": "노이즈 낀 입력",
    "denoised": "노이즈 제거 결과",
    "examples_noisy": "예시: 노이즈 낀 테스트 이미지 (σ = 0 사용)",
    "examples_clean": "예시: 깨끗한 테스트 이미지 (σ = 0.3 추가)",
    "choice_median": "메디안 필터",
    "choice_diffusion": "디퓨전 (SDEdit)",
    "anomaly_intro": (
        "옷으로만 학습한 모델은 다른 그림을 설명하기 어려워하고, 그 어려움이 **이상 점수**가 됩니다: 오토인코더의 복원 "
        "오차, VAE의 음의 ELBO, 디퓨전 모델의 노이즈 제거 오차. 각 점수의 임계값은 테스트셋 점수의 95번째 백분위수이므로 "
        "평범한 옷의 약 5%가 이상으로 표시됩니다(위양성률). 알려진 약점: 단순한 그림(밋밋한 덩어리)은 복원하기 쉬워 "
        "실제 옷보다 더 정상처럼 보일 수 있습니다."
    ),
    "anomaly_how": """
**AE 점수.** 복원의 평균제곱오차. 병목에는 옷의 모습을 담을 자리밖에 없습니다.

**VAE 점수.** 음의 ELBO(복원 + KL, nats 단위)로 −log p(x)의 상한입니다. 모델이 보기에 그 이미지가 얼마나
있을 법하지 않은지를 나타냅니다.

**디퓨전 점수.** 고정된 세 스텝(t = 50, 150, 300)에서 고정된 노이즈로 이미지를 오염시키고 네트워크의 예측(v, 디퓨전 탭 참고)
오차를 평균합니다. 이미지가 학습된 디노이저에 얼마나 잘 맞는지를 잽니다.

**임계값**은 `python -m genmodels.calibrate`가 테스트 이미지 10,000장의 점수에서 95번째 백분위수로 정하므로,
정상 옷에 대한 위양성률은 정의상 5%입니다. 히스토그램은 테스트셋 점수, 임계값, 여러분의 이미지를 보여 줍니다.
""",
    "anomaly_method": "점수",
    "score": "점수 (높을수록 이상)",
    "score_button": "점수 매기기",
    "threshold": "임계값 (테스트셋 95번째 백분위수)",
    "verdict": "판정",
    "histogram": "테스트셋 점수(회색), 임계값(빨강), 내 이미지(파랑)",
    "examples_normal": "예시: 정상 (테스트 이미지)",
    "examples_abnormal": "예시: 옷이 아닌 것",
    "choice_ae_score": "AE: 복원 오차",
    "choice_vae_score": "VAE: 음의 ELBO",
    "choice_diffusion_score": "디퓨전: 노이즈 제거 오차",
    "compare_intro": (
        "네 가지 모델을 한 화면에: 같은 시드로 만든 샘플, 각 모델의 측정된 품질, 이 서버에서 요청 한 번에 걸리는 시간. "
        "오토인코더는 샘플링을 할 수 없으므로(코드가 확률분포가 아님) 대신 테스트 이미지의 복원을 보여 줍니다."
    ),
    "compare_how": """
**품질 수치**는 배포된 가중치로 `python -m genmodels.evaluate`를 실행해 얻습니다. Fashion-MNIST 분류기의 특징
공간에서 계산한 FID와 KID(낮을수록 좋음), 클래스 커버리지(샘플이 10개 클래스 중 몇 개를 덮는지), 복원 PSNR,
이상 탐지 AUROC. **지연 시간**은 이 서버 하드웨어에서 모델별로 이번 요청에 걸린 실제 시간입니다.
""",
    "generate_all": "네 가지 모두 생성",
    "col_ae": "AE: 복원",
    "col_vae": "VAE 샘플",
    "col_gan": "DCGAN 샘플",
    "col_diffusion": "디퓨전 (DDIM, 25 스텝)",
    "latency": "이번 요청의 지연 시간",
    "metrics_header": "### 측정된 품질",
    "measured_quality": "이 모델들의 측정된 품질",
    "measured_note": (
        "`python -m genmodels.evaluate`가 Fashion-MNIST 테스트 세트로 측정해 `weights/metrics.json`에 쓴 값입니다. "
        "FD와 KID: 배포된 분류기의 특징 공간에서 실제 테스트 이미지까지의 거리(낮을수록 좋음); "
        "precision: 샘플이 얼마나 실제처럼 보이는지; recall: 실제 다양성을 얼마나 덮는지; classes covered: "
        "10개 클래스 중 샘플의 1% 이상을 받는 클래스 수(모드 붕괴가 여기서 보입니다). "
        "전체 표와 측정 방법은 README에 있습니다."
    ),
}

I18N = gr.I18n(en=EN, ko=KO)


def t(key: str):
    """A static string for a component or Markdown, translated in the browser."""
    if key not in EN:
        raise KeyError(f"no text for {key!r}")
    return I18N(key)


# Text built at request time: language from the Accept-Language header (gr.I18n cannot reach these).
PHRASES = {
    "en": {
        "psnr_line": "PSNR against the clean image: noisy input {noisy:.2f} dB → {method} {denoised:.2f} dB",
        "no_reference": "σ = 0: the upload is taken as already noisy, so there is no clean image to measure PSNR against.",
        "anomalous": "anomalous",
        "normal": "normal",
        "fpr_line": (
            "**{method}**: score {score:.4g} vs threshold {threshold:.4g} → **{verdict}**. "
            "The threshold flags {fpr:.1%} of normal test images (false-positive rate)."
        ),
        "coverage": "{variant}: {covered}/10 classes get at least 1% of the samples; the largest class has {top:.0%}.",
        "wall_times": "Wall time on this server, {steps} steps, {n} images: DDPM {ddpm:.2f} s, DDIM {ddim:.2f} s.",
        "point": "z = ({z1:.2f}, {z2:.2f})",
        "unavailable": "not available: {why}",
        "alpha_bar": "ᾱ_t = {alpha_bar:.4f}, signal-to-noise ratio ᾱ/(1−ᾱ) = {snr:.4g}",
        "no_metrics": "No `weights/metrics.json` yet: run `python -m genmodels.evaluate` to measure the shipped models.",
        "quick_metrics": "These numbers come from `--quick` (a smoke test on few samples), not the full evaluation.",
        "family": "family",
        "model": "model",
        "milliseconds": "ms",
        "method": "method",
        "score": "score",
        "threshold": "threshold",
        "verdict": "verdict",
        "fpr": "false-positive rate",
    },
    "ko": {
        "psnr_line": "깨끗한 이미지 대비 PSNR: 노이즈 입력 {noisy:.2f} dB → {method} {denoised:.2f} dB",
        "no_reference": "σ = 0: 업로드를 이미 노이즈 낀 이미지로 보므로 PSNR을 잴 깨끗한 원본이 없습니다.",
        "anomalous": "이상",
        "normal": "정상",
        "fpr_line": (
            "**{method}**: 점수 {score:.4g}, 임계값 {threshold:.4g} → **{verdict}**. "
            "이 임계값은 정상 테스트 이미지의 {fpr:.1%}를 이상으로 표시합니다(위양성률)."
        ),
        "coverage": "{variant}: 10개 중 {covered}개 클래스가 샘플의 1% 이상을 차지하고, 가장 많은 클래스가 {top:.0%}입니다.",
        "wall_times": "이 서버에서 {steps} 스텝, 이미지 {n}장 실제 시간: DDPM {ddpm:.2f}초, DDIM {ddim:.2f}초.",
        "point": "z = ({z1:.2f}, {z2:.2f})",
        "unavailable": "사용 불가: {why}",
        "alpha_bar": "ᾱ_t = {alpha_bar:.4f}, 신호 대 잡음비 ᾱ/(1−ᾱ) = {snr:.4g}",
        "no_metrics": "아직 `weights/metrics.json`이 없습니다. `python -m genmodels.evaluate`로 배포된 모델을 측정하세요.",
        "quick_metrics": "이 값은 전체 평가가 아니라 `--quick`(적은 샘플로 하는 동작 확인)에서 나온 것입니다.",
        "family": "계열",
        "model": "모델",
        "milliseconds": "ms",
        "method": "방법",
        "score": "점수",
        "threshold": "임계값",
        "verdict": "판정",
        "fpr": "위양성률",
    },
}


def language(request: gr.Request | None) -> str:
    """'ko' when the browser asks for Korean first, else 'en'."""
    header = ""
    if request is not None:
        header = (getattr(request, "headers", None) or {}).get("accept-language", "") or ""
    return "ko" if header.strip().lower().startswith("ko") else "en"


def say(request: gr.Request | None, key: str, **values) -> str:
    return PHRASES[language(request)][key].format(**values)
