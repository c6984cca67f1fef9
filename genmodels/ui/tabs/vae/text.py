"""The VAE tab's strings, and its two lessons about latent spaces (lessons.py):
- the plain AE as a generator: its decoder on codes from a Gaussian mixture fitted to its codes, and on N(0, I)
  codes (which fail: nothing pulled the AE's codes towards N(0, I), as the VAE's KL term does);
- posterior collapse: the KL of every latent dimension (β = 1 against β = 4), and one dimension swept.
No figure is typed here: the measured ones arrive through `{name}` claims and PHRASES, from weights/metrics.json."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "tab_vae": {"en": "VAE", "ko": "VAE"},
    "vae_intro": {
        "en": (
            "A **variational autoencoder** encodes each image as a Gaussian over a 16-d latent space and keeps "
            "those Gaussians close to N(0, I), so decoding random noise gives new images. It is good at smooth "
            "latent spaces: sampling, interpolation, the 2-D map below. Known failures: samples are blurry (the "
            "decoder predicts an average image), and with a strong KL term latent dimensions collapse to the prior "
            "and carry nothing (posterior collapse)."
        ),
        "ko": (
            "**변분 오토인코더(VAE)**는 각 이미지를 16차원 잠재 공간의 가우시안으로 인코딩하고, 그 가우시안들을 "
            "N(0, I)에 가깝게 유지하므로 무작위 노이즈를 디코딩하면 새 이미지가 나옵니다. 샘플링, 보간, 아래의 2차원 "
            "지도처럼 매끄러운 잠재 공간에 강합니다. 알려진 약점: 디코더가 평균적인 이미지를 예측하므로 샘플이 흐리고, "
            "KL 항이 강하면 일부 잠재 차원이 사전분포로 붕괴해 아무 정보도 담지 않습니다(사후 붕괴)."
        ),
    },
    "vae_how": {
        "en": """
**Loss (the negative ELBO).** reconstruction + β·KL: the reconstruction term is the Bernoulli
log-likelihood of the pixels (binary cross-entropy), the KL term pulls each posterior q(z|x) = N(μ, σ²)
towards the prior N(0, I).

**Reparameterisation.** z = μ + σ·ε with ε ~ N(0, I) keeps sampling differentiable, so the encoder
learns by back-propagation.

**β.** β = 1 is the true ELBO. β = 4 (the β-VAE) weights the KL term more, which aims at smoother, more
disentangled latents and trades away reconstruction detail.{beta_blur} A KL warm-up (β ramps from 0 over 2
epochs) keeps the decoder from ignoring z early on, the usual cause of posterior collapse.

**Temperature** multiplies the prior noise: below 1 gives typical, cleaner images; above 1 gives variety
and artefacts. **Interpolation** decodes points on the straight line (linear) or the great circle
(slerp) between the two images' means μ; slerp keeps the points at a typical distance from the origin.
**The 2-D map** comes from a VAE whose latent space has only 2 dimensions, so it can be drawn.
""",
        "ko": """
**손실(음의 ELBO).** 복원 항 + β·KL: 복원 항은 픽셀의 베르누이 로그우도(이진 교차 엔트로피)이고, KL 항은
각 사후분포 q(z|x) = N(μ, σ²)를 사전분포 N(0, I) 쪽으로 끌어당깁니다.

**재매개변수화.** ε ~ N(0, I)에 대해 z = μ + σ·ε로 샘플링하면 미분이 가능해져 인코더가 역전파로 학습됩니다.

**β.** β = 1은 진짜 ELBO입니다. β = 4(β-VAE)는 KL 항에 더 큰 가중치를 주어 더 매끄럽고 분리된 잠재 공간을
노리는 대신 복원의 세부를 내줍니다.{beta_blur} KL 워밍업(β를 2 에폭 동안 0에서 올림)은 학습 초기에 디코더가 z를 무시하는
것, 즉 사후 붕괴의 흔한 원인을 막아 줍니다.

**온도**는 사전분포 노이즈에 곱해집니다. 1보다 작으면 전형적이고 깔끔한 이미지, 크면 다양하지만 결함이 많은
이미지가 나옵니다. **보간**은 두 이미지의 평균 μ 사이를 직선(linear) 또는 대원(slerp) 위의 점으로 디코딩하며,
slerp는 점들을 원점에서 전형적인 거리에 유지합니다. **2차원 지도**는 잠재 공간이 2차원뿐인 VAE로 그렸습니다.
""",
    },
    "sample_header": {"en": "### Sample from the prior", "ko": "### 사전분포에서 샘플링"},
    "temperature": {"en": "Temperature", "ko": "온도"},
    "vae_beta1": {"en": "VAE (β = 1)", "ko": "VAE (β = 1)"},
    "vae_beta4": {"en": "β-VAE (β = 4)", "ko": "β-VAE (β = 4)"},
    "interp_header": {"en": "### Interpolate between two images", "ko": "### 두 이미지 사이 보간"},
    "image_a": {"en": "Image A", "ko": "이미지 A"},
    "image_b": {"en": "Image B", "ko": "이미지 B"},
    "interp_steps": {"en": "Frames", "ko": "프레임 수"},
    "interp_mode": {"en": "Path", "ko": "경로"},
    "interp_model": {"en": "Model", "ko": "모델"},
    "interpolate": {"en": "Interpolate", "ko": "보간"},
    "frames": {"en": "Frames (A's reconstruction first)", "ko": "프레임 (A의 복원이 처음)"},
    "map_header": {"en": "### The 2-D latent map", "ko": "### 2차원 잠재 지도"},
    "map_help": {
        "en": (
            "2,000 test images encoded by a VAE with a 2-D latent space, one dot each, coloured by class; the grey "
            "circles are one and two standard deviations of the prior N(0, I), which sampling draws from. Where "
            "the circles hold no dots, the prior samples codes no image has (the prior hole): decode such a point "
            "to see what comes out. **Click anywhere on the map** to decode that point, or type coordinates."
        ),
        "ko": (
            "잠재 공간이 2차원인 VAE로 테스트 이미지 2,000장을 인코딩해 한 장당 점 하나로, 클래스별 색으로 그렸습니다. "
            "회색 원은 샘플링이 뽑는 사전분포 N(0, I)의 1, 2 표준편차입니다. 원 안에 점이 없는 곳에서는 사전분포가 "
            "어떤 이미지에도 없는 코드를 뽑습니다(사전분포 구멍): 그런 점을 디코딩해 무엇이 나오는지 보세요. "
            "**지도 아무 곳이나 클릭**하면 그 점을 디코딩합니다. 좌표를 직접 입력해도 됩니다."
        ),
    },
    "map": {"en": "Latent map (click to decode)", "ko": "잠재 지도 (클릭하면 디코딩)"},
    "decoded": {"en": "Decoded point", "ko": "디코딩한 점"},
    "decode": {"en": "Decode", "ko": "디코딩"},
    "ae_gen_header": {"en": "### The plain AE as a generator", "ko": "### 일반 AE를 생성 모델로 쓰기"},
    "ae_gen_help": {
        "en": (
            "The same seed and temperature, decoded by the plain autoencoder in two ways. **Left:** codes drawn "
            "from a mixture of Gaussians fitted to the AE's codes of the training images. They land where real "
            "codes lie, so the decoder draws garments. **Right:** codes drawn the way a VAE samples, from N(0, I). "
            "Nothing in the AE's training put its codes there, so most of them fall where no training image "
            "was, and the decoder draws smudges. A VAE's KL term is what makes N(0, I) a place its decoder knows."
        ),
        "ko": (
            "같은 시드와 온도로, 일반 오토인코더의 디코더가 두 가지 코드를 디코딩합니다. **왼쪽:** 학습 이미지들의 AE "
            "코드에 맞춘 가우시안 혼합에서 뽑은 코드입니다. 실제 코드가 있는 곳에 떨어지므로 디코더가 옷을 그립니다. "
            "**오른쪽:** VAE처럼 N(0, I)에서 뽑은 코드입니다. AE는 학습 중 코드를 그곳에 두도록 배운 적이 없어서 "
            "대부분의 코드가 어떤 학습 이미지도 없던 곳에 떨어지고, 디코더는 얼룩을 그립니다. VAE의 KL 항이 바로 "
            "N(0, I)를 디코더가 아는 곳으로 만들어 줍니다."
        ),
    },
    "ae_gmm_samples": {"en": "AE + Gaussian mixture on its codes", "ko": "AE + 코드에 맞춘 가우시안 혼합"},
    "ae_normal_samples": {"en": "AE + N(0, I) codes (as a VAE samples)", "ko": "AE + N(0, I) 코드 (VAE식 샘플링)"},
    "collapse_header": {
        "en": "### Posterior collapse: which latent dimensions are used",
        "ko": "### 사후분포 붕괴: 어떤 잠재 차원이 쓰이는가",
    },
    "collapse_help": {
        "en": (
            "Each bar is one latent dimension: its KL(q(z_d|x) ‖ N(0, 1)) in nats, averaged over test images, "
            "i.e. how much that coordinate of the code says about the image. A dimension near 0 is "
            "**collapsed**: its posterior is the prior whatever the image, so it carries nothing and the "
            "decoder learns to ignore it. β = 4 makes every nat of KL cost four times as much, so the β-VAE "
            "keeps fewer dimensions in use."
        ),
        "ko": (
            "막대 하나가 잠재 차원 하나입니다. 테스트 이미지에 대해 평균한 KL(q(z_d|x) ‖ N(0, 1))(nat 단위), 곧 "
            "코드의 그 좌표가 이미지에 대해 얼마나 많은 것을 말해 주는지입니다. 0에 가까운 차원은 **붕괴**된 "
            "것입니다. 어떤 이미지든 사후분포가 사전분포와 같아서 아무 정보도 담지 않고, 디코더는 그 차원을 무시하게 "
            "됩니다. β = 4에서는 KL 1 nat의 비용이 네 배이므로 β-VAE는 더 적은 차원만 씁니다."
        ),
    },
    "kl_beta1": {"en": "KL per dimension (nats): VAE, β = 1", "ko": "차원별 KL (nat): VAE, β = 1"},
    "kl_beta4": {"en": "KL per dimension (nats): β-VAE, β = 4", "ko": "차원별 KL (nat): β-VAE, β = 4"},
    "traverse_header": {"en": "### Sweep one latent dimension", "ko": "### 잠재 차원 하나 훑기"},
    "traverse_help": {
        "en": (
            "Encode a picture, keep its posterior mean μ, and set one dimension to evenly spaced values from "
            "−span to +span while the others stay fixed. An **active** dimension changes the picture (its shape, "
            "width or brightness); a **collapsed** one changes nothing, because the decoder ignores it. The two "
            "boxes start at the β-VAE's most used and least used dimension (the bars above)."
        ),
        "ko": (
            "그림을 인코딩해 사후분포 평균 μ를 두고, 한 차원만 −span부터 +span까지 고르게 바꾸며 나머지는 "
            "고정합니다. **활성** 차원은 그림(모양, 폭, 밝기)을 바꾸고, **붕괴된** 차원은 디코더가 무시하므로 아무것도 "
            "바꾸지 않습니다. 두 칸은 β-VAE에서 가장 많이 쓰이는 차원과 가장 적게 쓰이는 차원(위 막대)으로 시작합니다."
        ),
    },
    "traverse_image": {"en": "Picture to encode", "ko": "인코딩할 그림"},
    "traverse_model": {"en": "Model", "ko": "모델"},
    "dimension_a": {"en": "Dimension A", "ko": "차원 A"},
    "dimension_b": {"en": "Dimension B", "ko": "차원 B"},
    "traverse_steps": {"en": "Values", "ko": "값의 개수"},
    "traverse_span": {"en": "Span (z_d from −span to +span)", "ko": "범위 (z_d를 −span부터 +span까지)"},
    "traverse": {"en": "Sweep", "ko": "훑기"},
    "traverse_a": {"en": "Dimension A swept", "ko": "차원 A를 훑은 결과"},
    "traverse_b": {"en": "Dimension B swept", "ko": "차원 B를 훑은 결과"},
    "lk_header": {
        "en": "### Would a distribution other than the Gaussian fix the blur?",
        "ko": "### 가우시안이 아닌 다른 분포를 쓰면 흐림이 사라질까?",
    },
    "lk_help": {
        "en": (
            "One of the notes asks this. The same 16-d VAE, trained at one budget, four times, with only the "
            "decoder's distribution changed: Bernoulli (the VAE above), a Gaussian with σ² = ½ (the summed squared "
            "error most VAE code writes), a Gaussian whose σ is learned (σ-VAE), and a discretised logistic over "
            "the 256 grey levels. The last two keep the σ-VAE and replace its prior with one learned from where the "
            "codes really are: a second small VAE (the 2-stage VAE) or a Gaussian mixture; the prior-hole column "
            "says how often prior draws still land where no image's code is. Sharpness is the samples' mean edge "
            "strength against the test images' (1 = as sharp); bits per pixel is the test −ELBO, comparable across "
            "likelihoods (the Bernoulli's is no probability of 8-bit pixels, so it has none)."
        ),
        "ko": (
            "노트의 질문 중 하나입니다. 같은 16차원 VAE를 같은 예산으로 네 번, 디코더의 분포만 바꿔 학습했습니다: "
            "베르누이(위의 VAE), σ² = ½인 가우시안(대부분의 VAE 코드가 쓰는 제곱오차 합), σ를 학습하는 가우시안"
            "(σ-VAE), 256단계 회색조의 이산 로지스틱. 마지막 두 모델은 σ-VAE를 그대로 두고 사전분포만 코드가 실제로 "
            "있는 곳에서 배운 것으로 바꿉니다: 작은 두 번째 VAE(2단계 VAE) 또는 가우시안 혼합 모델. 사전분포 구멍 "
            "열은 사전분포 샘플이 어떤 이미지의 코드도 없는 곳에 얼마나 자주 떨어지는지 보여 줍니다. 선명도는 "
            "샘플의 평균 경계 강도를 테스트 이미지의 것과 비교한 값이고(1 = 같은 선명도), 픽셀당 비트는 우도끼리 "
            "비교할 수 있는 테스트 −ELBO입니다(베르누이는 8비트 픽셀의 확률이 아니므로 없음)."
        ),
    },
    "lk_samples": {
        "en": "The same prior draws through each model (the tab's Sample button and seed)",
        "ko": "같은 사전분포 샘플을 각 모델로 디코딩 (탭의 샘플 버튼과 시드)",
    },
    "lk_draw_help": {
        "en": (
            "**Mean or sample?** A VAE's picture is its decoder's *mean*. A draw from the decoder's distribution "
            "itself is that mean plus independent noise in every pixel: under a factorised likelihood the detail "
            'a sharp garment has is in neither. That is the precise sense in which "the Gaussian makes it '
            'blurry".'
        ),
        "ko": (
            "**평균인가, 샘플인가?** VAE가 보여 주는 그림은 디코더의 *평균*입니다. 디코더 분포에서 직접 뽑은 "
            "샘플은 그 평균에 픽셀마다 독립적인 노이즈를 더한 것이라, 픽셀별로 독립인 우도에서는 선명한 옷의 "
            '디테일이 어느 쪽에도 없습니다. "가우시안 때문에 흐리다"는 말의 정확한 뜻이 이것입니다.'
        ),
    },
    "lk_draw_model": {"en": "decoder", "ko": "디코더"},
    "lk_draw": {"en": "Draw", "ko": "뽑기"},
    "lk_means": {"en": "decoder means (what the app shows)", "ko": "디코더 평균 (앱이 보여 주는 것)"},
    "lk_draws": {"en": "draws from p(x|z)", "ko": "p(x|z)에서 뽑은 샘플"},
}

PHRASES = {  # built at request time (i18n.say)
    "lk_model": {"en": "model", "ko": "모델"},
    "lk_fd": {"en": "FD ↓", "ko": "FD ↓"},
    "lk_recall": {"en": "recall ↑", "ko": "재현율 ↑"},
    "lk_sharpness": {"en": "sharpness (test set = 1)", "ko": "선명도 (테스트셋 = 1)"},
    "lk_hole": {"en": "prior hole (codes: 1%)", "ko": "사전분포 구멍 (코드: 1%)"},
    "lk_psnr": {"en": "reconstruction PSNR (dB) ↑", "ko": "재구성 PSNR (dB) ↑"},
    "lk_bits": {"en": "test −ELBO (bits/pixel) ↓", "ko": "테스트 −ELBO (비트/픽셀) ↓"},
    "lk_active": {"en": "active dims", "ko": "활성 차원"},
    "lk_unmeasured": {
        "en": "Not measured yet: `python -m genmodels.measure.evaluate --models vae vae_gaussian vae_sigma "
        "vae_logistic vae_2stage ae --sections generation reconstruction --merge`.",
        "ko": "아직 측정하지 않았습니다: `python -m genmodels.measure.evaluate --models vae vae_gaussian vae_sigma "
        "vae_logistic vae_2stage ae --sections generation reconstruction --merge`.",
    },
    "lk_answer": {
        "en": (
            "Measured on {n:,} prior samples each: the closest to real images among the likelihoods is {best} "
            "(FD {best_fd:.1f}, the Bernoulli's {vae_fd:.1f}), and the sharpest is {sharpest} at {sharpness:.2f} "
            "of the test images' edge strength."
        ),
        "ko": (
            "각 {n:,}장의 사전분포 샘플로 측정한 결과, 우도 중 실제 이미지에 가장 가까운 것은 {best}(FD "
            "{best_fd:.1f}, 베르누이 {vae_fd:.1f})이고, 가장 선명한 것은 {sharpest}로 테스트 이미지 경계 강도의 "
            "{sharpness:.2f}배입니다."
        ),
    },
    "lk_prior_beats_ae": {
        "en": (
            " A better prior does what no likelihood did: the best learned prior, {model}, reaches FD {fd:.1f} "
            "with recall {recall:.2f}, below the plain AE + mixture's {ae_gmm:.1f}."
        ),
        "ko": (
            " 우도로는 안 되던 것을 더 나은 사전분포가 해냅니다: 가장 좋은 학습된 사전분포인 {model}은 FD {fd:.1f}, "
            "재현율 {recall:.2f}로 일반 AE + 혼합 모델의 {ae_gmm:.1f}보다 낮습니다."
        ),
    },
    "lk_prior_behind_ae": {
        "en": (
            " A better prior helps more than any likelihood: the best learned prior, {model}, reaches FD {fd:.1f} "
            "with recall {recall:.2f}, though still above the plain AE + mixture's {ae_gmm:.1f}."
        ),
        "ko": (
            " 어떤 우도보다 더 나은 사전분포가 더 도움이 됩니다: 가장 좋은 학습된 사전분포인 {model}은 FD {fd:.1f}, "
            "재현율 {recall:.2f}이지만, 여전히 일반 AE + 혼합 모델의 {ae_gmm:.1f}보다 높습니다."
        ),
    },
    "lk_prior_measured": {
        "en": (
            " The best learned prior, {model}, reaches FD {fd:.1f} with recall {recall:.2f}; the plain AE + "
            "mixture's FD is {ae_gmm:.1f}."
        ),
        "ko": (
            " 가장 좋은 학습된 사전분포인 {model}은 FD {fd:.1f}, 재현율 {recall:.2f}입니다. 일반 AE + 혼합 모델의 "
            "FD는 {ae_gmm:.1f}입니다."
        ),
    },
    "point": {"en": "z = ({z1:.2f}, {z2:.2f})", "ko": "z = ({z1:.2f}, {z2:.2f})"},
    "ae_gen_measured": {
        "en": "Measured FD against the test images (lower is closer; {n} samples each): {rows}.",
        "ko": "테스트 이미지와의 FD (낮을수록 가까움, 각 {n}장): {rows}.",
    },
    "ae_gen_unmeasured": {
        "en": "Not measured yet: `python -m genmodels.measure.evaluate --models ae vae --sections generation`.",
        "ko": "아직 측정하지 않았습니다: `python -m genmodels.measure.evaluate --models ae vae --sections generation`.",
    },
    "collapse_measured": {
        "en": (
            "Active dimensions (mean KL over {n} test images above {threshold:g} nats): {rows}. "
            "The β-VAE's most used dimension is z{top} ({top_kl:.2f} nats), its least used z{low} ({low_kl:.4f})."
        ),
        "ko": (
            "활성 차원 (테스트 이미지 {n}장에 대한 평균 KL이 {threshold:g} nat 초과): {rows}. β-VAE에서 가장 많이 "
            "쓰이는 차원은 z{top}({top_kl:.2f} nat), 가장 적게 쓰이는 차원은 z{low}({low_kl:.4f})입니다."
        ),
    },
    "collapse_row": {"en": "{model} {active} of {dims}", "ko": "{model} {dims}개 중 {active}개"},
    "collapse_unmeasured": {
        "en": (
            "The KL per dimension is not measured yet: "
            "`python -m genmodels.measure.evaluate --models vae beta_vae --sections reconstruction`."
        ),
        "ko": (
            "차원별 KL을 아직 측정하지 않았습니다: "
            "`python -m genmodels.measure.evaluate --models vae beta_vae --sections reconstruction`."
        ),
    },
}
