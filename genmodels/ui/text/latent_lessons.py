"""The VAE tab's two lessons about latent spaces, in both languages side by side:
- the plain AE as a generator: its decoder on codes from a Gaussian mixture fitted to its codes, and on N(0, I)
  codes (which fail: nothing pulled the AE's codes towards N(0, I), as the VAE's KL term does);
- posterior collapse: the KL of every latent dimension (β = 1 against β = 4), and one dimension swept.
No figure is typed here: the measured ones arrive through PHRASES, filled from weights/metrics.json."""

from __future__ import annotations

LABELS = {
    "en": {
        "ae_gen_header": "### The plain AE as a generator",
        "ae_gen_help": (
            "The same seed and temperature, decoded by the plain autoencoder in two ways. **Left:** codes drawn "
            "from a mixture of Gaussians fitted to the AE's codes of the training images. They land where real "
            "codes lie, so the decoder draws garments. **Right:** codes drawn the way a VAE samples, from N(0, I). "
            "Nothing in the AE's training put its codes there, so most of them fall where no training image "
            "was, and the decoder draws smudges. A VAE's KL term is what makes N(0, I) a place its decoder knows."
        ),
        "ae_gmm_samples": "AE + Gaussian mixture on its codes",
        "ae_normal_samples": "AE + N(0, I) codes (as a VAE samples)",
        "collapse_header": "### Posterior collapse: which latent dimensions are used",
        "collapse_help": (
            "Each bar is one latent dimension: its KL(q(z_d|x) ‖ N(0, 1)) in nats, averaged over test images, "
            "i.e. how much that coordinate of the code says about the image. A dimension near 0 is "
            "**collapsed**: its posterior is the prior whatever the image, so it carries nothing and the "
            "decoder learns to ignore it. β = 4 makes every nat of KL cost four times as much, so the β-VAE "
            "keeps fewer dimensions in use."
        ),
        "kl_beta1": "KL per dimension (nats): VAE, β = 1",
        "kl_beta4": "KL per dimension (nats): β-VAE, β = 4",
        "traverse_header": "### Sweep one latent dimension",
        "traverse_help": (
            "Encode a picture, keep its posterior mean μ, and set one dimension to evenly spaced values from "
            "−span to +span while the others stay fixed. An **active** dimension changes the picture (its shape, "
            "width or brightness); a **collapsed** one changes nothing, because the decoder ignores it. The two "
            "boxes start at the β-VAE's most used and least used dimension (the bars above)."
        ),
        "traverse_image": "Picture to encode",
        "traverse_model": "Model",
        "dimension_a": "Dimension A",
        "dimension_b": "Dimension B",
        "traverse_steps": "Values",
        "traverse_span": "Span (z_d from −span to +span)",
        "traverse": "Sweep",
        "traverse_a": "Dimension A swept",
        "traverse_b": "Dimension B swept",
    },
    "ko": {
        "ae_gen_header": "### 일반 AE를 생성 모델로 쓰기",
        "ae_gen_help": (
            "같은 시드와 온도로, 일반 오토인코더의 디코더가 두 가지 코드를 디코딩합니다. **왼쪽:** 학습 이미지들의 AE "
            "코드에 맞춘 가우시안 혼합에서 뽑은 코드입니다. 실제 코드가 있는 곳에 떨어지므로 디코더가 옷을 그립니다. "
            "**오른쪽:** VAE처럼 N(0, I)에서 뽑은 코드입니다. AE는 학습 중 코드를 그곳에 두도록 배운 적이 없어서 "
            "대부분의 코드가 어떤 학습 이미지도 없던 곳에 떨어지고, 디코더는 얼룩을 그립니다. VAE의 KL 항이 바로 "
            "N(0, I)를 디코더가 아는 곳으로 만들어 줍니다."
        ),
        "ae_gmm_samples": "AE + 코드에 맞춘 가우시안 혼합",
        "ae_normal_samples": "AE + N(0, I) 코드 (VAE식 샘플링)",
        "collapse_header": "### 사후분포 붕괴: 어떤 잠재 차원이 쓰이는가",
        "collapse_help": (
            "막대 하나가 잠재 차원 하나입니다. 테스트 이미지에 대해 평균한 KL(q(z_d|x) ‖ N(0, 1))(nat 단위), 곧 "
            "코드의 그 좌표가 이미지에 대해 얼마나 많은 것을 말해 주는지입니다. 0에 가까운 차원은 **붕괴**된 "
            "것입니다. 어떤 이미지든 사후분포가 사전분포와 같아서 아무 정보도 담지 않고, 디코더는 그 차원을 무시하게 "
            "됩니다. β = 4에서는 KL 1 nat의 비용이 네 배이므로 β-VAE는 더 적은 차원만 씁니다."
        ),
        "kl_beta1": "차원별 KL (nat): VAE, β = 1",
        "kl_beta4": "차원별 KL (nat): β-VAE, β = 4",
        "traverse_header": "### 잠재 차원 하나 훑기",
        "traverse_help": (
            "그림을 인코딩해 사후분포 평균 μ를 두고, 한 차원만 −span부터 +span까지 고르게 바꾸며 나머지는 "
            "고정합니다. **활성** 차원은 그림(모양, 폭, 밝기)을 바꾸고, **붕괴된** 차원은 디코더가 무시하므로 아무것도 "
            "바꾸지 않습니다. 두 칸은 β-VAE에서 가장 많이 쓰이는 차원과 가장 적게 쓰이는 차원(위 막대)으로 시작합니다."
        ),
        "traverse_image": "인코딩할 그림",
        "traverse_model": "모델",
        "dimension_a": "차원 A",
        "dimension_b": "차원 B",
        "traverse_steps": "값의 개수",
        "traverse_span": "범위 (z_d를 −span부터 +span까지)",
        "traverse": "훑기",
        "traverse_a": "차원 A를 훑은 결과",
        "traverse_b": "차원 B를 훑은 결과",
    },
}

PHRASES = {
    "en": {
        "ae_gen_measured": "Measured FD against the test images (lower is closer; {n} samples each): {rows}.",
        "ae_gen_unmeasured": (
            "Not measured yet: `python -m genmodels.measure.evaluate --models ae vae --sections generation`."
        ),
        "collapse_measured": (
            "Active dimensions (mean KL over {n} test images above {threshold:g} nats): {rows}. "
            "The β-VAE's most used dimension is z{top} ({top_kl:.2f} nats), its least used z{low} ({low_kl:.4f})."
        ),
        "collapse_row": "{model} {active} of {dims}",
        "collapse_unmeasured": (
            "The KL per dimension is not measured yet: "
            "`python -m genmodels.measure.evaluate --models vae beta_vae --sections reconstruction`."
        ),
    },
    "ko": {
        "ae_gen_measured": "테스트 이미지와의 FD (낮을수록 가까움, 각 {n}장): {rows}.",
        "ae_gen_unmeasured": (
            "아직 측정하지 않았습니다: `python -m genmodels.measure.evaluate --models ae vae --sections generation`."
        ),
        "collapse_measured": (
            "활성 차원 (테스트 이미지 {n}장에 대한 평균 KL이 {threshold:g} nat 초과): {rows}. "
            "β-VAE에서 가장 많이 쓰이는 차원은 z{top}({top_kl:.2f} nat), 가장 적게 쓰이는 차원은 z{low}({low_kl:.4f})입니다."
        ),
        "collapse_row": "{model} {dims}개 중 {active}개",
        "collapse_unmeasured": (
            "차원별 KL을 아직 측정하지 않았습니다: "
            "`python -m genmodels.measure.evaluate --models vae beta_vae --sections reconstruction`."
        ),
    },
}
