"""The repository's conventions, checked: small modules, no script that edits sys.path, one folder per tab with its
view and its strings side by side, one translation scheme, and every Gradio patch in one module."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "genmodels"
MAX_MODULE_LINES = 320  # "about 300": a module past this does more than one job


def python_files(*folders: str) -> list[Path]:
    return sorted(
        path for folder in folders for path in (REPO / folder).rglob("*.py") if "__pycache__" not in path.parts
    )


def test_no_module_in_the_package_is_over_about_300_lines():
    long = {
        str(p.relative_to(REPO)): n
        for p in python_files("genmodels")
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these modules: {long}"


def test_no_script_tool_or_test_edits_sys_path():
    edits = [
        str(p.relative_to(REPO))
        for p in python_files("scripts", "tools", "tests")
        if re.search(r"sys\.path\.(insert|append)", p.read_text())
    ]
    edits += ["app.py"] if re.search(r"sys\.path\.(insert|append)", (REPO / "app.py").read_text()) else []
    assert not edits, f"run these as modules (python -m ...) instead: {edits}"


def test_every_tab_is_one_folder_with_its_view_and_its_strings():
    tabs = [path for path in (PACKAGE / "ui" / "tabs").iterdir() if path.is_dir() and path.name != "__pycache__"]
    assert len(tabs) >= 9
    for tab in tabs:
        assert (tab / "view.py").is_file() and (tab / "text.py").is_file(), tab.name


def test_strings_live_in_one_scheme_each_with_english_and_korean_side_by_side():
    assert not list((PACKAGE / "ui").rglob("en.py")) and not list((PACKAGE / "ui").rglob("ko.py"))
    for path in (PACKAGE / "ui").rglob("text.py"):
        source = path.read_text()
        assert source.count('"en":') == source.count('"ko":') > 0, path.relative_to(REPO)


def test_gradio_internals_are_patched_in_one_module_only():
    """Rebinding an attribute of another library (setattr, or `gr.x = ...`) happens in ui/patches.py alone."""
    rebinding = re.compile(r"setattr\(|^\s*(gradio|gr)\.[\w.]+\s*=(?!=)", re.M)
    patching = {str(p.relative_to(REPO)) for p in python_files("genmodels") if rebinding.search(p.read_text())}
    patching |= {"app.py"} if rebinding.search((REPO / "app.py").read_text()) else set()
    assert patching == {"genmodels/ui/patches.py"}, patching
