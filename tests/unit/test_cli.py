"""The `genmodels` console script: every subcommand reaches its module's main(argv), and pyproject registers it."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import tomllib

from genmodels import cli

REPO = Path(__file__).resolve().parents[2]


def test_pyproject_registers_the_console_script_and_the_markers():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert project["project"]["scripts"] == {"genmodels": "genmodels.cli:main"}
    assert set(project["project"]["optional-dependencies"]) == {"app", "train", "measure", "mcp", "dev"}
    markers = project["tool"]["pytest"]["ini_options"]["markers"]
    assert sorted(marker.split(":")[0] for marker in markers) == ["browser", "quality"]


@pytest.mark.parametrize("command", sorted(cli.COMMANDS))
def test_every_subcommand_names_a_module_with_main(command):
    module = importlib.import_module(cli.COMMANDS[command][0])
    assert callable(module.main)


def test_a_subcommand_gets_the_rest_of_the_command_line(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "run", lambda command, argv: calls.append((command, argv)) or "done")
    assert cli.main(["calibrate", "--weights", "w", "--limit", "10"]) == "done"
    assert calls == [("calibrate", ["--weights", "w", "--limit", "10"])]


def test_build_runs_every_builder_with_the_shared_options(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "run", lambda command, argv: calls.append((command, argv)))
    cli.main(["build", "--weights", "w", "--threads", "2"])
    assert calls == [(command, ["--weights", "w", "--threads", "2"]) for command in cli.BUILDERS]


def test_train_help_lists_every_model(capsys):
    from genmodels.training.recipes import MODELS

    with pytest.raises(SystemExit) as exit_:
        cli.main(["train", "--help"])
    assert exit_.value.code == 0
    usage = capsys.readouterr().out
    assert all(name in usage for name in MODELS)


def test_an_unknown_subcommand_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["nosuch"])
    assert exit_.value.code == 2
    assert "invalid choice: 'nosuch'" in capsys.readouterr().err
