"""The Training tab's strings (view.py): what each curve shows, and what overfitting looks like.
No figure is typed here: the measured sentences (PHRASES) are filled from the shipped metrics.jsonl files."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "tab_training": {"en": "Training", "ko": "학습"},
    "training_intro": {
        "en": (
            "How each shipped model **learned**: its losses and test measurements after every epoch of its "
            "training run, read from the log the training command wrote (`weights/<model>/metrics.jsonl`), and the "
            "preview grid it drew at the end of each epoch. Below, the same autoencoder trained on only 500 images "
            "twice, once overfitting and once regularised."
        ),
        "ko": (
            "배포된 각 모델이 **어떻게 학습했는지** 보여 줍니다: 학습 명령이 남긴 "
            "기록(`weights/<model>/metrics.jsonl`)에서 읽은 에폭마다의 손실과 테스트 측정값, 그리고 에폭이 끝날 때마다 "
            "그린 미리보기 격자입니다. 아래에는 같은 오토인코더를 500장만으로 두 번 학습해, 한 번은 과적합시키고 한 "
            "번은 정규화한 결과가 있습니다."
        ),
    },
    "training_how": {
        "en": """
- **Train and test loss** are the same quantity on two sets of images: *train* is the running mean of the loss
  over the last batches of each epoch (training images, as the model saw them), *test* is measured at the end of
  the epoch on test images it never trained on (2,000; 1,000 for the 500-image study). For the autoencoders both are \
the mean squared error per
  pixel on [0, 1] pixels (older runs logged the training MSE on [-1, 1] pixels, exactly 4 times larger; the tab
  divides it by 4). For the denoising AE, *train* reconstructs noisy inputs and *test* clean ones, so its train
  loss is higher. For the VAEs both are the negative ELBO per image in nats at the model's β.
- **KL per latent dimension** (VAEs): how many nats each of the latent numbers carries about the image, on test
  images. A dimension that falls to about 0 has collapsed onto the prior: the decoder ignores it.
- **GAN losses**: the discriminator's (critic's) and the generator's losses on training batches. They do not fall
  together: each network's progress is the other's loss, so healthy GAN training shows them roughly level.
  *Mean discriminator score* is its output on real test images and on 1,000 generated ones; for WGAN-GP the gap
  between them, and the *W estimate* on training batches, estimate the Wasserstein distance between real and
  generated images (smaller: closer).
- **Diffusion**: the training loss (the v-prediction error, averaged over all noise levels) and the share of its
  guided samples (w = 3, 25 DDIM steps) that the classifier puts in the requested class.
- **Overfitting**: the model keeps lowering its training loss by memorising its training images, while its loss
  on unseen images stops falling and then rises: the gap between the curves is what it learned that does not
  carry over. Fewer images, more epochs and more capacity make it worse; more data, augmentation (changed copies
  of the images) and weight decay make it better.
""",
        "ko": """
- **학습 손실과 테스트 손실**은 두 이미지 집합에서 잰 같은 양입니다. *train*은 각 에폭 마지막 배치들의 손실 이동
  평균(모델이 본 그대로의 학습 이미지), *test*는 에폭이 끝날 때 학습에 쓰지 않은 테스트 이미지(2,000장, 500장 실험은
  1,000장)에서 잰 값입니다. 오토인코더는 둘 다 [0, 1] 픽셀의 픽셀당 평균 제곱 오차입니다(예전 실행은 학습 MSE를 [-1, \
1] 픽셀로
  기록해 정확히 4배 컸으므로, 이 탭이 4로 나눕니다). 디노이징 AE의 *train*은 노이즈 낀 입력을, *test*는 깨끗한
  입력을 복원하므로 학습 손실이 더 높습니다. VAE는 둘 다 모델의 β에서 이미지당 음의 ELBO(nats)입니다.
- **잠재 차원별 KL**(VAE): 테스트 이미지에서 각 잠재 값이 이미지에 대해 몇 nats의 정보를 담는지. 거의 0으로
  떨어진 차원은 사전분포로 붕괴한 것이고, 디코더는 그 차원을 무시합니다.
- **GAN 손실**: 학습 배치에서의 판별자(크리틱) 손실과 생성자 손실. 둘은 함께 내려가지 않습니다. 한 네트워크의
  진전이 다른 쪽의 손실이므로, 건강한 GAN 학습에서는 둘이 대체로 평평합니다. *판별자 평균 점수*는 실제 테스트
  이미지와 생성된 이미지 1,000장에 대한 출력이며, WGAN-GP에서는 그 차이와 학습 배치의 *W estimate*가 실제와
  생성 이미지 사이의 와서스타인 거리를 추정합니다(작을수록 가까움).
- **디퓨전**: 학습 손실(모든 노이즈 수준에 걸친 v-예측 오차)과, 가이던스(w = 3, DDIM 25단계) 샘플 중 분류기가
  요청한 클래스로 판정한 비율.
- **과적합**: 모델이 학습 이미지를 외워 학습 손실은 계속 낮추지만, 처음 보는 이미지에서의 손실은 더 이상
  내려가지 않다가 오릅니다. 두 곡선 사이의 간격이 일반화되지 않는 부분입니다. 이미지가 적을수록, 에폭이 많을수록,
  용량이 클수록 심해지고, 데이터를 늘리거나 증강(이미지를 조금씩 바꾼 사본)과 가중치 감쇠를 쓰면 나아집니다.
""",
    },
    "training_model": {"en": "Model", "ko": "모델"},
    "training_epoch": {"en": "Epoch", "ko": "에폭"},
    "training_grid": {"en": "Preview grid drawn after this epoch", "ko": "이 에폭 뒤에 그린 미리보기 격자"},
    "plot_loss": {"en": "Train and test loss", "ko": "학습 손실과 테스트 손실"},
    "plot_quality": {"en": "Test measurement", "ko": "테스트 측정값"},
    "plot_kl": {"en": "KL per latent dimension (test images)", "ko": "잠재 차원별 KL (테스트 이미지)"},
    "plot_gan_loss": {"en": "Discriminator and generator loss", "ko": "판별자 손실과 생성자 손실"},
    "plot_critic": {"en": "Mean discriminator score", "ko": "판별자 평균 점수"},
    "overfit_header": {"en": "### Stable training vs overfitting", "ko": "### 안정적인 학습 vs 과적합"},
    "overfit_intro": {
        "en": (
            "The same autoencoder recipe, trained on the first **500** training images only, twice: without "
            "regularisation, and with augmentation (each image randomly mirrored and shifted by up to 2 pixels, "
            "every epoch). Both are measured on the same test images. Without regularisation the training loss "
            "keeps falling while the test loss turns and rises: the model memorises its 500 images. The slider "
            "shows both models' reconstructions of the same test images (top half: inputs) at that epoch."
        ),
        "ko": (
            "같은 오토인코더 레시피를 학습 이미지 앞쪽 **500**장만으로 두 번 학습했습니다. 한 번은 정규화 없이, 한 "
            "번은 증강(에폭마다 각 이미지를 무작위로 좌우 반전하고 최대 2픽셀 이동)과 함께. 둘 다 같은 테스트 "
            "이미지에서 잽니다. 정규화가 없으면 학습 손실은 계속 내려가지만 테스트 손실은 돌아서 오릅니다. 모델이 "
            "500장을 외우는 것입니다. 슬라이더는 그 에폭에서 두 모델이 같은 테스트 이미지를 복원한 결과를 보여 "
            "줍니다(위쪽 절반: 입력)."
        ),
    },
    "plot_overfit": {"en": "500 training images: train and test MSE", "ko": "학습 이미지 500장: 학습 MSE와 테스트 MSE"},
    "overfit_epoch": {"en": "Epoch (both runs)", "ko": "에폭 (두 실행 모두)"},
    "overfit_grid": {"en": "No regularisation", "ko": "정규화 없음"},
    "regularised_grid": {"en": "Regularised", "ko": "정규화"},
}

PHRASES = {  # built at request time (i18n.say)
    "axis_epoch": {"en": "epoch", "ko": "에폭"},
    "axis_ae_loss": {"en": "MSE per pixel ([0, 1] pixels)", "ko": "픽셀당 MSE ([0, 1] 픽셀)"},
    "axis_vae_loss": {"en": "−ELBO (nats per image)", "ko": "−ELBO (이미지당 nats)"},
    "axis_diffusion_loss": {"en": "v-prediction MSE", "ko": "v-예측 MSE"},
    "axis_classifier_loss": {"en": "cross-entropy (label smoothing 0.05)", "ko": "교차 엔트로피 (레이블 스무딩 0.05)"},
    "axis_psnr": {"en": "test PSNR (dB)", "ko": "테스트 PSNR (dB)"},
    "axis_class_accuracy": {"en": "samples in the requested class (%)", "ko": "요청한 클래스에 든 샘플 (%)"},
    "axis_classifier_accuracy": {"en": "accuracy (%)", "ko": "정확도 (%)"},
    "axis_kl": {"en": "KL (nats)", "ko": "KL (nat 단위)"},
    "axis_gan_loss": {"en": "loss", "ko": "손실"},
    "axis_critic": {"en": "mean score", "ko": "평균 점수"},
    "axis_mse": {"en": "MSE per pixel", "ko": "픽셀당 MSE"},
    "training_run": {
        "en": "**{name}**: {epochs} epochs, {steps:,} optimiser steps, {minutes:.1f} min of training.",
        "ko": "**{name}**: {epochs} 에폭, 옵티마이저 {steps:,} 스텝, 학습 {minutes:.1f}분.",
    },
    "overfit_summary": {
        "en": (
            "Without regularisation the test MSE is lowest at epoch {best_epoch} "
            "({best:.4f}) and ends at {last:.4f} after {epochs} epochs, {rise:.0%} above its minimum, while the "
            "training MSE falls to {train:.4f}. Regularised, the test MSE ends at {reg_last:.4f} (training MSE "
            "{reg_train:.4f}, on the changed images)."
        ),
        "ko": (
            "정규화 없이는 테스트 MSE가 {best_epoch} 에폭에서 가장 낮고({best:.4f}) {epochs} 에폭 뒤 {last:.4f}로 끝나 "
            "최소보다 {rise:.0%} 높으며, 그동안 학습 MSE는 {train:.4f}까지 내려갑니다. 정규화하면 테스트 MSE는 "
            "{reg_last:.4f}로 끝납니다(학습 MSE {reg_train:.4f}, 바뀐 이미지에서)."
        ),
    },
    "overfit_missing": {
        "en": "The overfitting runs (weights/ae_overfit, weights/ae_regularised) are not in this weights folder.",
        "ko": "과적합 실행(weights/ae_overfit, weights/ae_regularised)이 이 가중치 폴더에 없습니다.",
    },
}
