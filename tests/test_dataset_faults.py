"""Damaged datasets and datapackage.json, as learners' editors, spreadsheets and machines damage them: each ends in
the one DatasetError line asserted here (the file, what happened, the fix), in a git-tracked temporary copy of
datasets/ (never the work tree). Permission faults need another user: see tests/test_setup_faults.py."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import data
from helpers.errors import DatasetError

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = "article_claims.csv"  # 65 rows, 18 columns, the first is claim_id
RESTORE_CLAIMS = "Restore it with `git checkout -- datasets/article_claims.csv` (or download the course again)."
AUTHORS = "authors who changed the data on purpose: run `python3 course.py datapackage` to publish it."
PACKAGE_FIX = f"Restore it with `git checkout -- datasets/datapackage.json` (or download the course again); {AUTHORS}"


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=folder, check=True,
                   capture_output=True)


@pytest.fixture
def datasets(tmp_path, monkeypatch) -> Path:
    """A committed git copy of datasets/ that helpers.data reads instead of the real one."""
    folder = tmp_path / "course" / "datasets"
    shutil.copytree(ROOT / "datasets", folder)
    git(folder.parent, "init", "-q")
    git(folder.parent, "add", ".")
    git(folder.parent, "commit", "-q", "-m", "course")
    monkeypatch.setenv("SHANXI_DATASETS_DIR", str(folder))
    return folder


def message(name: str = "article_claims") -> str:
    with pytest.raises(DatasetError) as caught:
        data.load(name)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def package_message() -> str:
    with pytest.raises(DatasetError) as caught:
        data.catalogue()
    return str(caught.value)


def edit_package(folder: Path, change) -> None:
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    (folder / "datapackage.json").write_text(json.dumps(change(package), indent=2) + "\n", encoding="utf-8")


def resource(package: dict, name: str) -> dict:
    return next(r for r in package["resources"] if r["name"] == name)


def test_a_dataset_that_is_a_folder(datasets):
    (datasets / CLAIMS).unlink()
    (datasets / CLAIMS).mkdir()
    assert message() == ("datasets/article_claims.csv is a folder, not a file: delete that folder, then restore the "
                         "file with `git checkout -- datasets/article_claims.csv` (or download the course again).")


def test_a_byte_order_mark(datasets):
    (datasets / CLAIMS).write_bytes(b"\xef\xbb\xbf" + (datasets / CLAIMS).read_bytes())
    assert message() == ("datasets/article_claims.csv was saved with a byte-order mark (an invisible mark some "
                         "editors, e.g. Excel's \"CSV UTF-8\" or Notepad, put at its start). " + RESTORE_CLAIMS)


def test_an_empty_file(datasets):
    (datasets / CLAIMS).write_bytes(b"")
    assert message() == f"datasets/article_claims.csv is empty (the file has no data at all). {RESTORE_CLAIMS}"


def test_one_trailing_empty_line(datasets):
    (datasets / CLAIMS).write_bytes((datasets / CLAIMS).read_bytes() + b"\n")
    assert message() == ("datasets/article_claims.csv has 1 empty line(s) after its last row (all 65 rows are there; "
                         f"an editor added them). {RESTORE_CLAIMS}")


def test_a_removed_final_line_break(datasets):
    (datasets / CLAIMS).write_bytes((datasets / CLAIMS).read_bytes().rstrip(b"\n"))
    assert message() == ("datasets/article_claims.csv has lost the line break after its last row (all 65 rows are "
                         f"there; an editor removed it). {RESTORE_CLAIMS}")


def test_a_value_cut_at_the_end_is_still_called_truncated(datasets):
    (datasets / CLAIMS).write_bytes((datasets / CLAIMS).read_bytes()[:-8])
    assert message().startswith("datasets/article_claims.csv looks truncated or altered: it has 65 data rows")


def test_a_spreadsheet_resave(datasets):
    path = datasets / "china_population.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(rows[0])
    writer.writerows([country, year, f"{int(people):,}"] for country, year, people in rows[1:])
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    assert message("china_population") == (
        "datasets/china_population.csv was re-saved by a spreadsheet: it now has a byte-order mark, quotes around "
        "plain values, thousands separators ('667,070,000' in population_people) and Windows line endings. Restore "
        "it with `git checkout -- datasets/china_population.csv` (or download the course again).")


def test_an_edited_csv_is_blamed_and_only_it_is_restored(datasets):
    path = datasets / CLAIMS
    path.write_text(path.read_text(encoding="utf-8").replace("yea", "Yea", 1),
                    encoding="utf-8")
    assert message() == (
        "datasets/article_claims.csv has been edited: its content no longer matches the published sha256 hash in "
        "datapackage.json, so its numbers can no longer be traced to their sources. Restore it with "
        f"`git checkout -- datasets/article_claims.csv` (or download the course again); {AUTHORS}")


def test_a_changed_hash_in_datapackage_json_blames_datapackage_json(datasets):
    edit_package(datasets, lambda p: (resource(p, "article_claims").update(hash="sha256:" + "0" * 64), p)[1])
    assert message() == ("datasets/datapackage.json has been edited: the sha256 hash it publishes for "
                         f"article_claims.csv no longer matches that file, which is unchanged. {PACKAGE_FIX}")


def test_an_unknown_hash_type(datasets):
    edit_package(datasets, lambda p: (resource(p, "article_claims").update(hash="md6:abc"), p)[1])
    assert message() == ("datasets/datapackage.json gives article_claims.csv a hash of unknown type 'md6' (the course "
                         f"uses sha256), so the file cannot be checked. {PACKAGE_FIX}")


@pytest.mark.parametrize(("damage", "problem"), [
    (lambda p: [p], 'it has no list of "resources"'),
    (lambda p: {k: v for k, v in p.items() if k != "resources"}, 'it has no list of "resources"'),
    (lambda p: (resource(p, "article_claims").pop("hash"), p)[1], "resource 'article_claims' has no valid \"hash\""),
    (lambda p: (p["resources"].insert(0, 7), p)[1], "resource 1 is not an object"),
])
def test_datapackage_json_of_the_wrong_shape(datasets, damage, problem):
    edit_package(datasets, damage)
    assert package_message() == f"datasets/datapackage.json is damaged: {problem}. {PACKAGE_FIX}"


def test_datapackage_json_that_is_a_folder(datasets):
    (datasets / "datapackage.json").unlink()
    (datasets / "datapackage.json").mkdir()
    assert package_message() == ("datasets/datapackage.json is a folder, not a file: delete that folder, then "
                                 "restore the file with `git checkout -- datasets/datapackage.json` (or download "
                                 "the course again).")


def test_datasets_updated_while_a_kernel_runs_are_read_again(datasets):
    """As after `git pull` with a kernel running: CSV and datapackage.json change together; no false alarm."""
    before = data.load("article_claims")
    path = datasets / CLAIMS
    path.write_text(path.read_text(encoding="utf-8").replace("yea", "Yea", 1), encoding="utf-8")
    new_hash = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    edit_package(datasets, lambda p: (resource(p, "article_claims").update(hash=new_hash), p)[1])
    after = data.load("article_claims")
    assert after.to_csv().count("Yea") == before.to_csv().count("Yea") + 1


def test_windows_line_endings_alone_load_the_same_data(datasets):
    """An editor on Windows may re-save a CSV with CRLF line endings and nothing else: the data is unchanged."""
    before = data.load("article_claims")
    path = datasets / CLAIMS
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert data.load("article_claims").equals(before)


def test_a_raw_file_resaved_by_a_spreadsheet_is_named_before_a_learner_reads_it(datasets):
    """The raw county list as a spreadsheet re-saves it (130631.0 written 130631, a byte-order mark, CRLF):
    data.path, which a learner's pd.read_csv goes through, names the file and the fix instead of handing it over."""
    raw = datasets / "poverty_counties_raw.csv"
    text = raw.read_text(encoding="utf-8").replace(".0,", ",")
    raw.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    with pytest.raises(DatasetError) as caught:
        data.path("poverty_counties_raw")
    assert str(caught.value) == ("datasets/poverty_counties_raw.csv was re-saved by a spreadsheet: it now has a "
                                 "byte-order mark and Windows line endings. Restore it with `git checkout -- "
                                 "datasets/poverty_counties_raw.csv` (or download the course again).")
    raw.write_text(text, encoding="utf-8")  # the decimals dropped, nothing else
    with pytest.raises(DatasetError) as caught:
        data.path("poverty_counties_raw")
    assert str(caught.value).startswith("datasets/poverty_counties_raw.csv has been edited: ")
    assert "`git checkout -- datasets/poverty_counties_raw.csv`" in str(caught.value)
