"""Training: the loop (`genmodels train MODEL`), one recipe per model family, and the transfer-learning experiment.

- loop:      the Accelerate training loop; writes exactly the folder the app loads, with its model card
- recipes/:  per family, the networks, losses, optimisers and evaluation a run needs (recipes.MODELS)
- transfer:  classifiers from few labels on the autoencoders' encoders (`genmodels transfer`)
"""
