"""Strings of the pieces several tabs share (components/): common controls, the "How it works" accordion, links
to a view, the measured tables' headers, and the "nearest training images" panel (what memorisation is and how to
read the distances; the test images' distances come from weights/metrics.json["memorisation"])."""

from __future__ import annotations

LABELS = {  # static: labels, intros, "How it works" (i18n.t)
    "how_it_works": {"en": "How it works", "ko": "작동 원리"},
    "seed": {"en": "Seed", "ko": "시드"},
    "n_images": {"en": "Number of images", "ko": "이미지 수"},
    "examples": {
        "en": "Examples: Fashion-MNIST test images (click one)",
        "ko": "예시: Fashion-MNIST 테스트 이미지 (클릭)",
    },
    "upload": {"en": "Upload", "ko": "업로드"},
    "input_image": {
        "en": "Input image (upload, paste or pick an example)",
        "ko": "입력 이미지 (업로드, 붙여넣기 또는 예시 선택)",
    },
    "model_view": {"en": "What the model sees (28×28)", "ko": "모델이 보는 이미지 (28×28)"},
    "model": {"en": "Model", "ko": "모델"},
    "reconstruction": {"en": "Reconstruction", "ko": "복원 결과"},
    "mse": {"en": "MSE (pixels in [0, 1])", "ko": "MSE (픽셀 범위 [0, 1])"},
    "choice_dae": {"en": "denoising AE", "ko": "디노이징 AE"},
    "choice_vae": {"en": "VAE", "ko": "VAE"},
    "sample": {"en": "Sample", "ko": "샘플링"},
    "guidance": {"en": "Guidance scale w (ignored for 'any')", "ko": "가이던스 스케일 w ('any'이면 무시)"},
    "sampler": {"en": "Sampler", "ko": "샘플러"},
    "steps": {"en": "Steps", "ko": "스텝 수"},
    "eta": {
        "en": "η (DDIM noise; 0 = deterministic, 1 = DDPM's)",
        "ko": "η (DDIM 노이즈, 0 = 결정론적, 1 = DDPM과 같은 양)",
    },
    "samples": {
        "en": "Samples (streamed while the reverse process runs)",
        "ko": "샘플 (역방향 과정이 진행되는 동안 스트리밍)",
    },
    "method": {"en": "Method shown in the before/after slider", "ko": "전/후 슬라이더에 보일 방법"},
    "noisy": {"en": "Noisy input", "ko": "노이즈 낀 입력"},
    "score": {"en": "Score (higher = more anomalous)", "ko": "점수 (높을수록 이상)"},
    "threshold": {"en": "Threshold (95th percentile of the test set)", "ko": "임계값 (테스트셋 95번째 백분위수)"},
    "share_link": {"en": "Share via link", "ko": "링크로 공유"},
    "share_link_label": {
        "en": "Link to this view (copied to the clipboard): the tab and its settings",
        "ko": "이 화면의 링크 (클립보드에 복사됨): 탭과 그 설정",
    },
    "nearest_header": {
        "en": "Nearest training images: is a sample a copy?",
        "ko": "가장 가까운 학습 이미지: 샘플이 복사본인가?",
    },
    "nearest_help": {
        "en": (
            "A generative model should make **new** images, not hand back the ones it trained on (memorisation). "
            "Pick a sample above (its number counts from 0, left to right, row by row) and find the 3 training "
            "images nearest to it, among all 60,000, in two ways: in the classifier's feature space (what the "
            "image shows) and in pixels (how it looks, point by point). Read the distance against the test images': "
            "photos the model never saw lie at some typical distance from their nearest training image; a sample "
            "**much closer than that** is likely a copy, and one at about that distance is as new as a real unseen "
            "garment."
        ),
        "ko": (
            "생성 모델은 학습한 이미지를 그대로 돌려주는 것(암기)이 아니라 **새로운** 이미지를 만들어야 합니다. "
            "위의 샘플 하나를 고르면(번호는 0부터, 왼쪽에서 오른쪽, 위에서 아래로) 60,000장의 학습 이미지 중 가장 "
            "가까운 3장을 두 가지 방식으로 찾습니다: 분류기의 특징 공간(무엇을 보여 주는가)과 픽셀(점 하나하나가 "
            "어떻게 보이는가). 거리는 테스트 이미지의 거리와 비교해 읽으세요. 모델이 본 적 없는 이미지도 가장 가까운 "
            "학습 이미지와 일정한 거리에 있습니다. 그보다 **훨씬 가까운** 샘플은 복사본일 가능성이 높고, 비슷한 "
            "거리의 샘플은 처음 보는 실제 옷만큼 새롭습니다."
        ),
    },
    "nearest_source": {"en": "Samples", "ko": "샘플"},
    "nearest_index": {"en": "Sample number (0 = first)", "ko": "샘플 번호 (0 = 첫 번째)"},
    "nearest_button": {"en": "Find nearest training images", "ko": "가장 가까운 학습 이미지 찾기"},
    "nearest_result": {
        "en": "The sample, its 3 nearest in features, its 3 nearest in pixels",
        "ko": "샘플, 특징 공간에서 가장 가까운 3장, 픽셀에서 가장 가까운 3장",
    },
    "nearest_table": {"en": "Neighbours and distances", "ko": "이웃과 거리"},
}

PHRASES = {  # built at request time (i18n.say)
    "normal": {"en": "normal", "ko": "정상"},
    "unavailable": {"en": "not available: {why}", "ko": "사용 불가: {why}"},
    "no_metrics": {
        "en": (
            "No `weights/metrics.json` yet: run `python -m genmodels.measure.evaluate` to measure the shipped models."
        ),
        "ko": (
            "아직 `weights/metrics.json`이 없습니다. `python -m genmodels.measure.evaluate`로 배포된 모델을 측정하세요."
        ),
    },
    "quick_metrics": {
        "en": "These numbers come from `--quick` (a smoke test on few samples), not the full evaluation.",
        "ko": "이 값은 전체 평가가 아니라 `--quick`(적은 샘플로 하는 동작 확인)에서 나온 것입니다.",
    },
    "model": {"en": "model", "ko": "모델"},
    "h_model": {"en": "model", "ko": "모델"},
    "h_fd": {"en": "FD", "ko": "FD"},
    "h_kid": {"en": "KID ×10³", "ko": "KID ×10³"},
    "h_precision": {"en": "precision", "ko": "정밀도"},
    "h_recall": {"en": "recall", "ko": "재현율"},
    "h_classes": {"en": "classes covered (of 10)", "ko": "덮은 클래스 수 (10개 중)"},
    "h_ms_per_image": {"en": "ms per image", "ko": "이미지당 ms"},
    "h_recon_psnr": {"en": "reconstruction PSNR (dB)", "ko": "복원 PSNR (dB)"},
    "h_recon_ssim": {"en": "reconstruction SSIM", "ko": "복원 SSIM"},
    "h_denoise_psnr": {"en": "denoising PSNR at σ = 0.3 (dB)", "ko": "σ = 0.3 노이즈 제거 PSNR (dB)"},
    "h_auroc": {"en": "anomaly AUROC", "ko": "이상 탐지 AUROC"},
    "h_class_accuracy": {"en": "guided class accuracy at w = 3", "ko": "w = 3 가이던스 클래스 정확도"},
    "table_samples": {
        "en": "Sample quality (each row: samples against the test set)",
        "ko": "샘플 품질 (각 행: 테스트 세트와 비교한 샘플)",
    },
    "table_tasks": {"en": "Reconstruction, denoising and anomaly detection", "ko": "복원, 노이즈 제거, 이상 탐지"},
    "method": {"en": "method", "ko": "방법"},
    "score": {"en": "score", "ko": "점수"},
    "threshold": {"en": "threshold", "ko": "임계값"},
    "link_ignored": {
        "en": "Link: {name}={value} ignored ({why}); kept {default}",
        "ko": "링크: {name}={value} 무시됨 ({why}); {default} 유지",
    },
    "view_unavailable": {
        "en": "The {tab} tab could not show its first results: {why}",
        "ko": "{tab} 탭의 첫 결과를 보여 줄 수 없습니다: {why}",
    },
    "nearest_space_features": {"en": "features", "ko": "특징"},
    "nearest_space_pixels": {"en": "pixels", "ko": "픽셀"},
    "nearest_column_0": {"en": "space", "ko": "공간"},
    "nearest_column_1": {"en": "rank", "ko": "순위"},
    "nearest_column_2": {"en": "training image", "ko": "학습 이미지"},
    "nearest_column_3": {"en": "class", "ko": "클래스"},
    "nearest_column_4": {"en": "distance", "ko": "거리"},
    "nearest_line": {
        "en": (
            "**{space}**: nearest training image at {d}; test images' median {median} (5th percentile {p05}): "
            "as far as an unseen image, not a copy."
        ),
        "ko": (
            "**{space}**: 가장 가까운 학습 이미지까지 {d}; 테스트 이미지의 중앙값 {median} (5번째 백분위수 {p05}): "
            "처음 보는 이미지만큼 떨어져 있어 복사본이 아닙니다."
        ),
    },
    "nearest_line_close": {
        "en": (
            "**{space}**: nearest training image at {d}, below the test images' 5th percentile {p05} (their median "
            "{median}): closer than almost any unseen image; compare the pictures, it may be a copy."
        ),
        "ko": (
            "**{space}**: 가장 가까운 학습 이미지까지 {d}, 테스트 이미지의 5번째 백분위수 {p05}보다 가깝습니다 (중앙값 "
            "{median}): 처음 보는 이미지는 거의 이렇게 가깝지 않습니다. 그림을 비교해 보세요. 복사본일 수 있습니다."
        ),
    },
    "nearest_line_unmeasured": {
        "en": (
            "**{space}**: nearest training image at {d} (the test images' distances are not measured yet: "
            "`python -m genmodels.measure.memorisation`)."
        ),
        "ko": (
            "**{space}**: 가장 가까운 학습 이미지까지 {d} (테스트 이미지의 거리는 아직 측정되지 않았습니다: "
            "`python -m genmodels.measure.memorisation`)."
        ),
    },
}
