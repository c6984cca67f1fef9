"""`python -m genmodels.train MODEL ...`, the command every shipped model card and trainer_state.json records (and
`accelerate launch -m genmodels.train`): an alias of genmodels.training.loop, also run as `genmodels train`."""

from .training.loop import main

if __name__ == "__main__":
    main()
