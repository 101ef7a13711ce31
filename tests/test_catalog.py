"""Tests for course/catalog.py: the syllabus loads, and a bad entry is named in the error."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from course.catalog import CATALOG_PATH, REPO_ROOT, CatalogError, load_catalog, parse_catalog


@pytest.fixture()
def raw() -> dict:
    return yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))


def parse(data: dict, root: Path = REPO_ROOT):
    return parse_catalog(data, root, Path("catalog.yml"))


def test_real_catalog_loads():
    """Does the committed catalog load, with five or more modules in order?"""
    catalog = load_catalog()
    assert len(catalog.modules) >= 5
    assert [m.order for m in catalog.modules] == sorted(m.order for m in catalog.modules)
    for module in catalog.modules:
        assert module.objectives, module.id
        for notebook in module.notebooks:
            assert (REPO_ROOT / notebook).is_file()


def test_missing_notebook_is_named(raw):
    """Is a missing notebook reported with its module and path?"""
    raw["modules"][1]["notebooks"] = ["modules/02-leading-outsourcing/nope.ipynb"]
    with pytest.raises(CatalogError) as error:
        parse(raw)
    message = str(error.value)
    assert "modules[1] (leading-outsourcing)" in message
    assert "modules/02-leading-outsourcing/nope.ipynb does not exist" in message
    assert "Fix:" in message


def test_duplicate_module_id_is_named(raw):
    """Is a duplicated module id rejected, naming the id?"""
    twin = copy.deepcopy(raw["modules"][0])
    twin["order"] = 99
    raw["modules"].append(twin)
    with pytest.raises(CatalogError, match="duplicate module id 'onshore-offshore'"):
        parse(raw)


def test_duplicate_order_is_named(raw):
    """Are two modules with the same order rejected, naming the first holder?"""
    raw["modules"][2]["order"] = raw["modules"][0]["order"]
    with pytest.raises(CatalogError, match="already used by module 'onshore-offshore'"):
        parse(raw)


def test_exercise_with_unknown_module_is_named(raw, tmp_path):
    """Is an exercise that points at an unknown module rejected with the known ones listed?"""
    notebook = tmp_path / "exercises" / "score-a-vendor" / "score-a-vendor.ipynb"
    notebook.parent.mkdir(parents=True)
    notebook.write_text("{}")
    for module in raw["modules"]:
        for path in [*module["notebooks"], *([module["demo"]] if module.get("demo") else [])]:
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text("{}")
    raw["exercises"] = [
        {
            "id": "score-a-vendor",
            "title": "Score a vendor",
            "module": "vendor-selection",
            "points": 10,
            "notebooks": ["exercises/score-a-vendor/score-a-vendor.ipynb"],
        }
    ]
    with pytest.raises(CatalogError) as error:
        parse(raw, tmp_path)
    assert "exercises[0] (score-a-vendor)" in str(error.value)
    assert "unknown module 'vendor-selection'" in str(error.value)
    assert "vendor-governance" in str(error.value)


def test_duplicate_exercise_id_is_named(raw, tmp_path):
    """Is an exercise id that repeats a module id rejected?"""
    for module in raw["modules"]:
        for path in [*module["notebooks"], *([module["demo"]] if module.get("demo") else [])]:
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text("{}")
    notebook = tmp_path / "exercises" / "negotiation" / "n.ipynb"
    notebook.parent.mkdir(parents=True)
    notebook.write_text("{}")
    raw["exercises"] = [
        {
            "id": "negotiation",
            "title": "x",
            "module": "negotiation",
            "points": 5,
            "notebooks": ["exercises/negotiation/n.ipynb"],
        }
    ]
    with pytest.raises(CatalogError, match="duplicate id 'negotiation'"):
        parse(raw, tmp_path)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("id", "Vendor Governance", "not kebab-case"),
        ("order", 0, "'order' must be a positive number"),
        ("minutes", "an hour", "'minutes' must be a positive number"),
        ("objectives", [], "'objectives' must not be empty"),
        ("objectives", "learn things", "'objectives' must be a list"),
        ("sources", ["nowhere"], "source 'nowhere' is not defined"),
        ("title", "", "'title' must be a non-empty text"),
    ],
)
def test_bad_module_fields_are_named(raw, field, value, expected):
    """Is each kind of bad module field rejected with a message naming the field?"""
    raw["modules"][3][field] = value
    with pytest.raises(CatalogError) as error:
        parse(raw)
    assert "modules[3]" in str(error.value)
    assert expected in str(error.value)


def test_notebook_outside_repo_is_refused(raw):
    """Is a notebook path that climbs out of the repository refused?"""
    raw["modules"][0]["notebooks"] = ["modules/01-onshore-offshore/../../../etc/passwd"]
    with pytest.raises(CatalogError, match="inside the repository"):
        parse(raw)


def test_unreadable_and_invalid_yaml(tmp_path):
    """Do a missing file and broken YAML each give a message naming the file?"""
    with pytest.raises(CatalogError, match="cannot read the catalog"):
        load_catalog(tmp_path / "missing.yml")
    broken = tmp_path / "broken.yml"
    broken.write_text("modules: [\n")
    with pytest.raises(CatalogError, match="broken.yml: not valid YAML"):
        load_catalog(broken)


def test_lookup_names_known_ids():
    """Does looking up an unknown module list the known ones?"""
    with pytest.raises(KeyError, match="negotiation"):
        load_catalog().module("haggling")


@pytest.mark.parametrize("missing", ["author", "title", "year", "where"])
def test_incomplete_reference_is_named(raw, missing):
    """Is a source without its author, title, year or where-to-find-it rejected, by name?"""
    del raw["sources"]["overby-2003"][missing]
    with pytest.raises(CatalogError) as error:
        parse(raw)
    assert "sources.overby-2003" in str(error.value)
    assert f"field '{missing}'" in str(error.value)


def test_time_estimates_match_the_material():
    """Does every module and exercise carry a time estimate a learner can plan with: the
    two-notebook governance module about an hour and a half, each exercise 60-95 minutes?"""
    catalog = load_catalog()
    for module in catalog.modules:
        assert 30 <= module.minutes <= 120, module.id
    assert catalog.module("vendor-governance").minutes >= 80
    for exercise in catalog.exercises:
        assert exercise.minutes is not None, f"{exercise.id} has no minutes"
        assert 60 <= exercise.minutes <= 95, exercise.id
