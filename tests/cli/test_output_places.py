"""Where a command writes: never over a user's folder, an input, a device or the folder the user
is in; all or nothing, also when the disk is full or read-only (exit 2, a message, no traceback).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_helpers import fill, run, run_process

KLATEN = "pilkades-klaten-2023"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_demo_refuses_a_users_folder(tmp_path: Path) -> None:
    mine = tmp_path / "dokumen"
    mine.mkdir()
    (mine / "skripsi.docx").write_bytes(b"bertahun-tahun kerja")
    result = run("demo", "--out", str(mine))
    assert result.exit_code == 2
    assert "bukan keluaran Sispam" in result.stderr
    assert _snapshot(mine) == {"skripsi.docx": b"bertahun-tahun kerja"}


def test_report_never_replaces_its_own_scenario(klaten_dir: Path) -> None:
    before = _snapshot(klaten_dir)
    result = run("report", str(klaten_dir), "-o", str(klaten_dir), "--replace", "--lang", "en")
    assert result.exit_code == 2
    assert "would replace the input" in result.stderr
    assert _snapshot(klaten_dir) == before


def test_report_replace_refuses_the_working_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("x")
    result = run("report", KLATEN, "-o", ".", "--replace")
    assert result.exit_code == 2 and "direktori kerja" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["keep.txt"]


@pytest.mark.parametrize("target", ["afile", "/dev/null"])
def test_report_replace_refuses_a_file_or_device(tmp_path: Path, target: str) -> None:
    path = tmp_path / target if target == "afile" else Path(target)
    if target == "afile":
        path.write_text("punya saya")
    result = run("report", KLATEN, "-o", str(path), "--replace", "--runs", "0")
    assert result.exit_code == 2 and "bukan direktori" in result.stderr
    assert Path("/dev/null").is_char_device()
    if target == "afile":
        assert path.read_text() == "punya saya"


def test_output_below_a_file_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    for args in (
        ("report", KLATEN, "-o", str(tmp_path / "afile" / "sub"), "--runs", "0"),
        ("plan", KLATEN, "-o", str(tmp_path / "afile" / "plan.json")),
        ("plan", KLATEN, "--csv", str(tmp_path / "afile" / "csv")),
        ("scenario", "export", KLATEN, str(tmp_path / "afile" / "sub")),
    ):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "bukan direktori" in result.stderr, args
    assert sorted(os.listdir(tmp_path)) == ["afile"]


def test_a_second_report_replaces_the_first(tmp_path: Path) -> None:
    """The one case where an existing folder is replaced: a previous, unchanged Sispam output."""
    out = tmp_path / "rep"
    assert run("report", KLATEN, "-o", str(out), "--runs", "0").exit_code == 0
    first = _snapshot(out)
    assert run("report", KLATEN, "-o", str(out), "--runs", "0", "--replace").exit_code == 0
    assert sorted(_snapshot(out)) == sorted(first)
    assert sorted(os.listdir(tmp_path)) == ["rep"]


def test_simulate_out_on_a_full_disk_keeps_the_previous_result(tiny_disk: Path) -> None:
    out = tiny_disk / "hasil.json"
    out.write_text(json.dumps({"previous": True}))
    fill(tiny_disk, leave=8 * 1024)  # the new result (≈ 100 kB) cannot fit
    done = run_process(
        "simulate", KLATEN, "--runs", "20", "--workers", "1", "-o", str(out), "--lang", "en"
    )
    assert done.returncode == 2, done.stderr
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert json.loads(out.read_text()) == {"previous": True}
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler.bin", "hasil.json"]


def test_export_on_a_full_disk_writes_nothing(tiny_disk: Path) -> None:
    fill(tiny_disk, leave=8 * 1024)
    done = run_process("scenario", "export", KLATEN, str(tiny_disk / "s"))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Tidak ada berkas yang ditulis" in done.stderr
    assert [p.name for p in tiny_disk.iterdir()] == ["filler.bin"]


def test_plan_out_over_the_file_size_limit_is_a_message(tmp_path: Path) -> None:
    """A write the OS refuses half-way (RLIMIT_FSIZE: EFBIG) keeps the old file whole."""
    import resource
    import signal

    out = tmp_path / "plan.json"
    out.write_text("{}")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = run_process("plan", KLATEN, "-o", str(out), "--lang", "en", preexec_fn=small_files)
    assert done.returncode == 2, done.stderr
    assert "File too large" in done.stderr and "Traceback" not in done.stderr
    assert out.read_text() == "{}"
    assert sorted(os.listdir(tmp_path)) == ["plan.json"]


def test_a_read_only_place_is_a_message(readonly_dir: Path) -> None:
    for args in (
        ("plan", KLATEN, "-o", str(readonly_dir / "plan.json")),
        ("report", KLATEN, "-o", str(readonly_dir / "rep"), "--runs", "0"),
        ("scenario", "export", KLATEN, str(readonly_dir / "s")),
    ):
        result = run(*args, "--lang", "en")
        assert result.exit_code == 2, (args, result.output)
        assert "Nothing was written." in result.stderr
    assert list(readonly_dir.iterdir()) == []


def test_a_path_with_brackets_is_printed_as_it_is(tmp_path: Path) -> None:
    """Rich read ``[red]`` in a folder name as a colour: "Written: …/hasil /plan.json"."""
    target = tmp_path / "hasil [red]" / "plan.json"
    target.parent.mkdir()
    result = run_process("plan", KLATEN, "-o", str(target), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert f"Written: {target}" in result.stdout
    assert json.loads(target.read_text())["scenario"] == KLATEN


def test_a_name_with_brackets_is_printed_as_it_is(klaten_dir: Path) -> None:
    """A village the scenario names ``Karanganom [b]`` was printed bold as "Karanganom "."""
    villages = klaten_dir / "villages.csv"
    villages.write_text(
        villages.read_text(encoding="utf-8").replace("Karanganom", "Karanganom [b]")
    )
    result = run_process("assess", str(klaten_dir), "--explain", "33.10.24.2003", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Karanganom [b] (33.10.24.2003"), result.stdout[:200]
