"""English: every string the visitor reads (ko.py has the same keys).

LABELS are static (labels, intros, "How it works"): a `{name}` in one is a measured sentence from claims.py,
chosen and filled from weights/metrics.json when the page is built (figures.py). PHRASES are built at request
time by `say`.
"""

LABELS = {
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
    "choice_deep_ae": "deep AE",
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

**β.** β = 1 is the true ELBO. β = 4 (the β-VAE) weights the KL term more, which aims at smoother, more
disentangled latents and trades away reconstruction detail.{beta_blur} A KL warm-up (β ramps from 0 over 2
epochs) keeps the decoder from ignoring z early on, the usual cause of posterior collapse.

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
**Generator (shared by the three variants).** A 64-d noise vector z → 7×7 → 14×14 → 28×28 through transposed
convolutions with batch norm, tanh at the end. Each variant ships the exponential moving average of its
generator's weights (decay 0.999, about the last 1,000 updates) rather than the last update's: the raw generator
chases a moving discriminator and jitters from update to update; the average sits nearer the middle.

**DCGAN.** The discriminator outputs a real/fake probability; binary cross-entropy for both networks;
batch norm; one-sided label smoothing (real labels 0.9) so the discriminator does not become
over-confident; Adam with lr 2·10⁻⁴, β₁ = 0.5.

**WGAN-GP.** The critic outputs an unbounded score whose gap between real and generated images estimates
the Wasserstein distance; a gradient penalty (λ = 10) keeps the critic 1-Lipschitz; 5 critic steps per
generator step; no batch norm in the critic (it would break the per-sample penalty). The Wasserstein loss
is meant to train more steadily and collapse less than DCGAN's.{gan_stability}

**SN-GAN.** Spectral normalisation divides each discriminator layer's weights by their largest singular value
(one power-iteration step per update), which bounds how fast the discriminator can change its verdict without a
penalty term; hinge loss; no batch norm in the discriminator.

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
    "histogram_sn_gan": "SN-GAN: samples per class",
    # diffusion
    "diffusion_intro": (
        "A **diffusion model** learns to undo noise: starting from pure Gaussian noise, a UNet removes a "
        "little noise at each of many steps until a picture remains. It can be steered towards a class "
        "(guidance).{diffusion_rank} Its known failure is speed: an image needs tens "
        "to hundreds of network calls, so watch the frames arrive."
    ),
    "diffusion_how": """
**Forward process.** q(x_t | x_0) = N(√ᾱ_t · x_0, (1 − ᾱ_t) I): a fixed cosine schedule mixes the image
with more and more Gaussian noise over T = 1000 steps (try the slider below).

**Network and loss.** A UNet (28→14→7 px, self-attention at 7×7) sees x_t, t and the
class, and predicts the velocity v = √ᾱ_t · ε − √(1 − ᾱ_t) · x_0, a mix of the added noise ε and the image
(the diffusion model card compares it with predicting ε alone); loss ‖v − v̂‖². Weights are an exponential
moving average (decay 0.999) of the trained ones.

**Guidance.** During training the class label is dropped 10% of the time, so one network is both
conditional and unconditional. Sampling mixes the two: v = v_uncond + w·(v_cond − v_uncond), which mixes the
implied noise predictions ε the same way; w = 0 ignores
the class, 1 is the conditional model, larger w gives more typical but less varied images. A w above 1 acts
only at the less noisy timesteps{guidance_interval}: applied at the noisiest steps it can over-drive the layout
into cluttered, saturated shapes.{guidance_accuracy}{any_class}

**Samplers.** DDPM adds fresh noise at every step (stochastic, made for many steps). DDIM takes far fewer
steps. At η = 0 it follows a deterministic path; at η = 1 (the default here) every step re-draws DDPM's share
of the noise, which can wash out part of the network's earlier mistakes.{ddim_vs_ddpm}
Set η = 0 to see the deterministic sampler.
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
        "5% of ordinary clothes are flagged (the false-positive rate). Known risk: a simple picture (a plain "
        "blob) is easy to reconstruct and can look more normal than a real garment.{anomaly_shapes}"
    ),
    "anomaly_how": """
**AE score.** Mean squared reconstruction error: the bottleneck only has room for what clothes look like.

**VAE score.** The negative ELBO (reconstruction + KL, in nats), a bound on −log p(x): how improbable the
image is under the model.

**Diffusion score.** Noise the image at three fixed steps (t = 50, 150, 300) with fixed noise and average
the error of the network's prediction (of v, see the Diffusion tab). It measures how well the image fits the
learned denoiser.

**Thresholds** come from `python -m genmodels.measure.calibrate`: the 95th percentile of each score over the
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
    "share_link": "Share via link",
    "share_link_label": "Link to this view (copied to the clipboard): the tab and its settings",
}

PHRASES = {
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
    "no_metrics": "No `weights/metrics.json` yet: run `python -m genmodels.measure.evaluate` to measure the shipped models.",
    "quick_metrics": "These numbers come from `--quick` (a smoke test on few samples), not the full evaluation.",
    "family": "family",
    "model": "model",
    "milliseconds": "ms",
    # compare and the measured tables: headers carry their unit; the arrow (↓ / ↑) is added by measured.py
    "h_model": "model",
    "h_family": "family",
    "h_fd": "FD",
    "h_kid": "KID ×10³",
    "h_precision": "precision",
    "h_recall": "recall",
    "h_classes": "classes covered (of 10)",
    "h_ms_per_image": "ms per image",
    "h_ms_request": "ms, this request",
    "h_recon_psnr": "reconstruction PSNR (dB)",
    "h_recon_ssim": "reconstruction SSIM",
    "h_denoise_psnr": "denoising PSNR at σ = 0.3 (dB)",
    "h_auroc": "anomaly AUROC",
    "h_class_accuracy": "guided class accuracy at w = 3",
    "table_samples": "Sample quality (each row: samples against the test set)",
    "table_tasks": "Reconstruction, denoising and anomaly detection",
    "method": "method",
    "score": "score",
    "threshold": "threshold",
    "verdict": "verdict",
    "fpr": "false-positive rate",
    "link_ignored": "Link: {name}={value} ignored ({why}); kept {default}",
    "view_unavailable": "The {tab} tab could not show its first results: {why}",
}
