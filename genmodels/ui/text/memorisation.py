"""The "nearest training images" panel's strings (genmodels/ui/memorisation.py), shared by the GAN, VAE and Diffusion
tabs: what memorisation is and how to read the distances. No figure is typed here: the test images' distances come
from weights/metrics.json["memorisation"] (`python -m genmodels.measure.memorisation`)."""

LABELS = {
    "en": {
        "nearest_header": "Nearest training images: is a sample a copy?",
        "nearest_help": (
            "A generative model should make **new** images, not hand back the ones it trained on (memorisation). "
            "Pick a sample above (its number counts from 0, left to right, row by row) and find the 3 training "
            "images nearest to it, among all 60,000, in two ways: in the classifier's feature space (what the "
            "image shows) and in pixels (how it looks, point by point). Read the distance against the test images': "
            "photos the model never saw lie at some typical distance from their nearest training image; a sample "
            "**much closer than that** is likely a copy, and one at about that distance is as new as a real unseen "
            "garment."
        ),
        "nearest_source": "Samples",
        "nearest_index": "Sample number (0 = first)",
        "nearest_button": "Find nearest training images",
        "nearest_result": "The sample, its 3 nearest in features, its 3 nearest in pixels",
        "nearest_table": "Neighbours and distances",
    },
    "ko": {
        "nearest_header": "가장 가까운 학습 이미지: 샘플이 복사본인가?",
        "nearest_help": (
            "생성 모델은 학습한 이미지를 그대로 돌려주는 것(암기)이 아니라 **새로운** 이미지를 만들어야 합니다. "
            "위의 샘플 하나를 고르면(번호는 0부터, 왼쪽에서 오른쪽, 위에서 아래로) 60,000장의 학습 이미지 중 가장 "
            "가까운 3장을 두 가지 방식으로 찾습니다: 분류기의 특징 공간(무엇을 보여 주는가)과 픽셀(점 하나하나가 "
            "어떻게 보이는가). 거리는 테스트 이미지의 거리와 비교해 읽으세요. 모델이 본 적 없는 이미지도 가장 가까운 "
            "학습 이미지와 일정한 거리에 있습니다. 그보다 **훨씬 가까운** 샘플은 복사본일 가능성이 높고, 비슷한 "
            "거리의 샘플은 처음 보는 실제 옷만큼 새롭습니다."
        ),
        "nearest_source": "샘플",
        "nearest_index": "샘플 번호 (0 = 첫 번째)",
        "nearest_button": "가장 가까운 학습 이미지 찾기",
        "nearest_result": "샘플, 특징 공간에서 가장 가까운 3장, 픽셀에서 가장 가까운 3장",
        "nearest_table": "이웃과 거리",
    },
}

PHRASES = {
    "en": {
        "nearest_space_features": "features",
        "nearest_space_pixels": "pixels",
        "nearest_column_0": "space",
        "nearest_column_1": "rank",
        "nearest_column_2": "training image",
        "nearest_column_3": "class",
        "nearest_column_4": "distance",
        "nearest_line": (
            "**{space}**: nearest training image at {d}; test images' median {median} (5th percentile {p05}): "
            "as far as an unseen image, not a copy."
        ),
        "nearest_line_close": (
            "**{space}**: nearest training image at {d}, below the test images' 5th percentile {p05} (their median "
            "{median}): closer than almost any unseen image; compare the pictures, it may be a copy."
        ),
        "nearest_line_unmeasured": (
            "**{space}**: nearest training image at {d} (the test images' distances are not measured yet: "
            "`python -m genmodels.measure.memorisation`)."
        ),
    },
    "ko": {
        "nearest_space_features": "특징",
        "nearest_space_pixels": "픽셀",
        "nearest_column_0": "공간",
        "nearest_column_1": "순위",
        "nearest_column_2": "학습 이미지",
        "nearest_column_3": "클래스",
        "nearest_column_4": "거리",
        "nearest_line": (
            "**{space}**: 가장 가까운 학습 이미지까지 {d}; 테스트 이미지의 중앙값 {median} (5번째 백분위수 {p05}): "
            "처음 보는 이미지만큼 떨어져 있어 복사본이 아닙니다."
        ),
        "nearest_line_close": (
            "**{space}**: 가장 가까운 학습 이미지까지 {d}, 테스트 이미지의 5번째 백분위수 {p05}보다 가깝습니다 "
            "(중앙값 {median}): 처음 보는 이미지는 거의 이렇게 가깝지 않습니다. 그림을 비교해 보세요. 복사본일 수 있습니다."
        ),
        "nearest_line_unmeasured": (
            "**{space}**: 가장 가까운 학습 이미지까지 {d} (테스트 이미지의 거리는 아직 측정되지 않았습니다: "
            "`python -m genmodels.measure.memorisation`)."
        ),
    },
}
