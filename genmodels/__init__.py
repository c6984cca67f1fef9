"""genmodels: AutoEncoder, VAE, GAN and Diffusion models side by side on Fashion-MNIST."""

__version__ = "0.1.0"
