"""Does broken case data stop the load with a CaseDataError naming the file, the field and a fix?

Each test copies a shipped case folder, breaks one thing the way an author might (a missing
field, a number typed as a word, a rating off the scale, a misspelt key, a lost file) and reads
the copy with ``read_case``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.cases import CaseDataError
from course.cases.loader import DATA_DIR, read_case


def copy_case(tmp_path: Path, case_id: str) -> Path:
    folder = tmp_path / case_id
    shutil.copytree(DATA_DIR / case_id, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(folder: Path) -> CaseDataError:
    with pytest.raises(CaseDataError) as caught:
        read_case(folder)
    return caught.value


def test_a_copied_case_loads(tmp_path):
    """Does an unbroken copy load, so the failures below come from the breakage alone?"""
    assert read_case(copy_case(tmp_path, "northwind-service-desk")).company


def test_missing_field_names_file_and_field(tmp_path):
    """Is a missing required field reported with the file, the field and what to add?"""
    folder = copy_case(tmp_path, "northwind-service-desk")
    edit(folder / "case.yml", "currency: USD\n", "")
    error = load_error(folder)
    assert error.file.endswith("northwind-service-desk/case.yml")
    assert error.field == "currency"
    assert "currency" in error.fix and "case.yml" in str(error)


def test_wrong_type_names_the_nested_field(tmp_path):
    """Is a weight typed as a word reported at criteria[1] with the criterion's name?"""
    folder = copy_case(tmp_path, "northwind-service-desk")
    edit(folder / "case.yml", "weight: 30", "weight: thirty")
    error = load_error(folder)
    assert error.field == "criteria[1] (Service capability).weight"
    assert "expected a number" in error.problem


def test_out_of_range_rating_names_csv_row_and_column(tmp_path):
    """Is a rating of 7 on a 1-5 scale reported in bids.csv with the vendor's row and column?"""
    folder = copy_case(tmp_path, "northwind-service-desk")
    edit(folder / "bids.csv", "Bogotá,2.10,360,3,2,", "Bogotá,2.10,360,3,7,")
    error = load_error(folder)
    assert error.file.endswith("bids.csv")
    assert "Cordillera Services" in error.field and "Security & compliance" in error.field
    assert "out of range" in error.problem and "1 to 5" in error.fix


def test_out_of_range_likelihood_in_a_register(tmp_path):
    """Is a likelihood of 6 reported in register.csv with the risk id and the column?"""
    folder = copy_case(tmp_path, "medline-hospital-provider")
    edit(
        folder / "register.csv",
        "R06,Commercial,Exchange-rate swings raise the provider's "
        "costs and trigger a price review,2,",
        "R06,Commercial,Exchange-rate swings raise the "
        "provider's costs and trigger a price review,6,",
    )
    error = load_error(folder)
    assert error.file.endswith("register.csv")
    assert error.field == "row 6 (R06), column 'likelihood'"


def test_misspelt_optional_key_is_refused_with_a_suggestion(tmp_path):
    """Is a misspelt optional key (minimun) refused instead of silently ignored?"""
    folder = copy_case(tmp_path, "northwind-service-desk")
    edit(folder / "case.yml", "minimum: 3", "minimun: 3")
    error = load_error(folder)
    assert error.field.endswith(".minimun")
    assert "did you mean 'minimum'" in error.problem


def test_missing_table_file_names_the_file(tmp_path):
    """Is a CSV the case refers to but that is missing reported by its own file name?"""
    folder = copy_case(tmp_path, "cobalt-bank-help-desk")
    (folder / "performance.csv").unlink()
    error = load_error(folder)
    assert error.file.endswith("performance.csv") and "does not exist" in error.problem


def test_missing_narrative_names_the_file(tmp_path):
    """Is a case without narrative.md refused, naming the file to create?"""
    folder = copy_case(tmp_path, "pinecrest-escalation")
    (folder / "narrative.md").unlink()
    error = load_error(folder)
    assert error.file.endswith("narrative.md") and "narrative.md" in error.fix


def test_missing_csv_column_is_named(tmp_path):
    """Is a table without a column the case needs reported with the column's name?"""
    folder = copy_case(tmp_path, "pinecrest-escalation")
    edit(folder / "levels.csv", "provider_owner,", "provider,")
    error = load_error(folder)
    assert error.file.endswith("levels.csv") and error.field == "column 'provider_owner'"


def test_row_with_a_wrong_number_of_cells(tmp_path):
    """Is a CSV row with an unquoted comma reported by row, with the quoting fix?"""
    folder = copy_case(tmp_path, "orion-manufacturing-rescue")
    edit(folder / "raci.csv", "Monthly service report,", "Monthly service report, draft,")
    error = load_error(folder)
    assert error.field.startswith("row 4") and "quote" in error.fix


def test_yaml_syntax_error_names_the_line(tmp_path):
    """Is broken YAML reported with its line number?"""
    folder = copy_case(tmp_path, "helios-app-maintenance")
    edit(folder / "case.yml", "years: 4", "years: [4")
    error = load_error(folder)
    assert error.file.endswith("case.yml") and error.field.startswith("line ")


def test_unknown_kind_lists_the_kinds(tmp_path):
    """Is an unknown kind refused with the list of kinds the loader knows?"""
    folder = copy_case(tmp_path, "helios-app-maintenance")
    edit(folder / "case.yml", "kind: sourcing-cost", "kind: sourcing-costs")
    error = load_error(folder)
    assert error.field == "kind" and "did you mean 'sourcing-cost'" in error.problem


def test_model_rule_broken_by_data_is_reported_against_the_case_file(tmp_path):
    """Is a value the model refuses (a buyer aiming above its walk-away price) reported with the
    case file and the model's field?"""
    folder = copy_case(tmp_path, "atlas-logistics-renewal")
    edit(folder / "case.yml", "target: 1850000", "target: 2500000")
    error = load_error(folder)
    assert error.file.endswith("atlas-logistics-renewal/case.yml")
    assert error.field == "target_value" and "reservation" in error.problem


def test_pool_allocations_above_the_available_pool(tmp_path):
    """Are category pools adding up to more than the available pool refused (Texas DIR rule)?"""
    folder = copy_case(tmp_path, "cobalt-bank-help-desk")
    edit(folder / "case.yml", "pool_available: 2.0", "pool_available: 1.5")
    error = load_error(folder)
    assert error.field == "pool_allocation" and "180%" in error.problem


def test_a_bad_folder_name_is_refused(tmp_path):
    """Is a case folder whose name is not a kebab-case id refused?"""
    folder = tmp_path / "Northwind_Desk"
    shutil.copytree(DATA_DIR / "northwind-service-desk", folder)
    error = load_error(folder)
    assert error.field == "(folder name)"


def test_a_person_listed_twice_is_named_with_the_table(tmp_path):
    """Is a person who appears twice in the reskilling team table refused, naming the name?"""
    folder = copy_case(tmp_path, "harbourview-retained-team")
    edit(folder / "team.csv", "Chen Li,", "Dana Ruiz,")
    error = load_error(folder)
    assert "team.csv" in error.file and "Dana Ruiz" in error.problem


def test_a_reskilling_case_no_plan_can_meet_is_refused(tmp_path):
    """Is a handover so early that nobody can finish their courses refused with the reason?"""
    folder = copy_case(tmp_path, "harbourview-retained-team")
    edit(folder / "case.yml", "handover_month: 7", "handover_month: 2")
    error = load_error(folder)
    assert error.field == "roles" and "fits the transition" in error.problem


def test_a_readiness_column_that_is_no_criterion_is_named_with_its_file(tmp_path):
    """Is a misspelt criterion in the transition readiness report refused with a suggestion?"""
    folder = copy_case(tmp_path, "wrenfield-water-transition")
    edit(folder / "readiness.csv", "reverse-shadow-quality,", "reverse-shadowing-quality,")
    error = load_error(folder)
    assert error.file.endswith("readiness.csv")
    assert "did you mean 'reverse-shadow-quality'" in error.problem


def test_a_transition_deadline_no_plan_can_meet_is_refused(tmp_path):
    """Is a deadline earlier than the shortest phases allow refused with the reason?"""
    folder = copy_case(tmp_path, "wrenfield-water-transition")
    edit(folder / "case.yml", "deadline_week: 36", "deadline_week: 20")
    error = load_error(folder)
    assert error.field == "deadline_week" and "need 23 weeks" in error.problem
