"""genmodels on the Hugging Face Hub, one job per module:

- pipeline_files: a diffusers folder loadable with diffusers alone (model_index.json -> the linked pipeline.py)
- cards:          every model card's metadata (license, dataset, pipeline tag, model-index results), from one function
- publish:        `genmodels publish USER`: one model repo per folder, grouped in a collection
- resolve:        GENMODELS_WEIGHTS as a folder, a repo id or a collection slug -> a local weights folder

docs/hub.md shows each from the user's side.
"""
