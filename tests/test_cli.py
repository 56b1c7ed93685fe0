"""`communique extract` and `communique demo` as a user runs them: outputs, exit codes, messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from tests.conftest import SAMPLES, SHARED, needs_shared

pytestmark = pytest.mark.model
runner = CliRunner()


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_one_document_prints_one_json_record(tmp_path: Path, schema_validator):
    src = tmp_path / "release.txt"
    src.write_text("Foreign Minister Anna Berg met Ambassador of Japan Kenji Sato in Oslo on Monday.\n")
    result = run("extract", str(src))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    schema_validator.validate(record)
    assert record["text"].startswith("Foreign Minister Anna Berg")


def test_several_documents_print_json_lines(schema_validator):
    result = run("extract", str(SAMPLES / "presidential-releases.csv"))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 3
    for record in lines:
        schema_validator.validate(record)


def test_out_dir_writes_name_json_per_input(tmp_path: Path, schema_validator):
    out = tmp_path / "out"
    result = run("extract", "-o", str(out), str(SAMPLES))
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.json"))
    # 10 single-document files plus 3 CSV rows and 3 JSONL rows
    assert len(files) == 16
    assert (out / "kazakh-mfa-round-table-vienna.json").exists()
    for path in files:
        schema_validator.validate(json.loads(path.read_text()))


def test_stdin(schema_validator):
    text = "President Lula da Silva received Prime Minister Kishida in Brasilia.\n"
    result = run("extract", "-", stdin=text)
    assert result.exit_code == 0, result.output
    schema_validator.validate(json.loads(result.stdout))


def test_bad_inputs_are_named_and_the_batch_goes_on(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 20)
    (tmp_path / "good.txt").write_text("Minister Lee Jae-won visited Hanoi on 3 May 2024.\n")
    result = run("extract", "-o", str(tmp_path / "out"), str(tmp_path / "empty.txt"),
                 str(tmp_path / "binary.txt"), str(tmp_path / "good.txt"))
    assert result.exit_code == 0
    assert "empty.txt" in result.stderr and "binary.txt" in result.stderr
    assert (tmp_path / "out" / "good.json").exists()


def test_nothing_readable_exits_non_zero(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    result = run("extract", str(tmp_path / "empty.txt"))
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr


def test_bad_map_option_is_a_usage_error():
    result = run("extract", "--map", "nonsense", str(SAMPLES / "presidential-releases.csv"))
    assert result.exit_code == 2


@needs_shared
def test_seed_record(schema_validator):
    result = run("extract", str(SHARED / "spec" / "examples" / "seed.txt"))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    schema_validator.validate(record)
    assert record["published"] == "2024-06-26"
    assert record["source"]["name"] == "Kazakh MFA"
    assert "\n\n" in record["text"] and "\n\n\n" not in record["text"]


def test_demo_prints_a_summary_and_writes_records(tmp_path: Path):
    args = ["demo", str(SAMPLES), "--out", str(tmp_path / "demo")]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "kazakh-mfa-round-table-vienna" in result.stdout
    assert len(list((tmp_path / "demo").glob("*.json"))) == 16
