"""One file per model family; every class saves/loads with save_pretrained / from_pretrained."""

from .autoencoder import AutoEncoder
from .base import HubModule
from .classifier import FashionClassifier
from .denoiser import BlindDenoiser
from .encoder_classifier import EncoderClassifier
from .gan import Discriminator, Generator
from .two_stage import MixturePriorVAE, TwoStageVAE
from .unet import NULL_CLASS, UNET_CONFIG, build_unet
from .vae import VAE

__all__ = [
    "AutoEncoder",
    "VAE",
    "TwoStageVAE",
    "MixturePriorVAE",
    "BlindDenoiser",
    "Generator",
    "Discriminator",
    "FashionClassifier",
    "EncoderClassifier",
    "HubModule",
    "NULL_CLASS",
    "UNET_CONFIG",
    "build_unet",
]
