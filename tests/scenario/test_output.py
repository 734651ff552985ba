"""Writing outputs never loses a user's data (sispam.scenario.output).

Each test puts something of the user's where Sispam is asked to write, and checks that it is
still there, byte for byte, and that no temporary file or folder is left behind.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from sispam.scenario import output
from sispam.scenario.output import (
    MANIFEST,
    OutputError,
    check_folder_target,
    discard_output,
    write_file,
    write_files,
)

FILES = {"index.html": "<p>satu</p>", "gambar/peta.png": b"\x89PNG..", "plan.json": "{}"}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_new_folder_has_the_files_and_a_manifest(tmp_path: Path) -> None:
    out = write_files(FILES, tmp_path / "out", kind="report")
    assert (out / "gambar" / "peta.png").read_bytes() == b"\x89PNG.."
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["kind"] == "report" and sorted(manifest["files"]) == sorted(FILES)
    assert _names(tmp_path) == ["out"]


def test_a_users_folder_is_never_replaced(tmp_path: Path) -> None:
    mine = tmp_path / "laporan"
    mine.mkdir()
    (mine / "catatan.txt").write_text("punya saya")
    before = _snapshot(mine)
    with pytest.raises(OutputError, match="bukan keluaran Sispam"):
        write_files(FILES, mine, replace=True, kind="report")
    assert _snapshot(mine) == before
    assert _names(tmp_path) == ["laporan"]


def test_a_previous_output_is_replaced_and_nothing_else_remains(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_files({"a.txt": "1", "sub/b.txt": "2"}, out, kind="report")
    write_files({"c.txt": "3"}, out, replace=True, kind="report")
    assert _snapshot(out) == {"c.txt": b"3", MANIFEST: _snapshot(out)[MANIFEST]}
    assert _names(tmp_path) == ["out"]  # no hidden old or new copy left


def test_a_file_added_to_a_previous_output_blocks_the_replace(tmp_path: Path) -> None:
    out = write_files(FILES, tmp_path / "out", kind="report")
    (out / "gambar" / "sketsa-saya.png").write_bytes(b"mine")
    before = _snapshot(out)
    with pytest.raises(OutputError, match="gambar/sketsa-saya.png"):
        write_files(FILES, out, replace=True, kind="report")
    assert _snapshot(out) == before


def test_an_edited_output_file_blocks_the_replace(tmp_path: Path) -> None:
    """The workbook is for editing: a planner's edits are not overwritten by the next report."""
    out = write_files(FILES, tmp_path / "out", kind="report")
    (out / "plan.json").write_text('{"edited": true}')
    with pytest.raises(OutputError, match="plan.json"):
        write_files(FILES, out, replace=True, kind="report")
    assert (out / "plan.json").read_text() == '{"edited": true}'


def test_another_kind_of_output_is_not_replaced(tmp_path: Path) -> None:
    out = write_files({"scenario.toml": "x"}, tmp_path / "s", kind="scenario")
    with pytest.raises(OutputError, match="scenario"):
        write_files(FILES, out, replace=True, kind="report")
    assert (out / "scenario.toml").read_text() == "x"


@pytest.mark.parametrize("what", ["file", "link", "device"])
def test_a_non_folder_is_never_replaced(tmp_path: Path, what: str) -> None:
    target = tmp_path / "x"
    if what == "file":
        target.write_text("punya saya")
    elif what == "link":
        (tmp_path / "real").mkdir()
        target.symlink_to(tmp_path / "real")
    else:
        target = Path("/dev/null")
    with pytest.raises(OutputError, match="bukan direktori"):
        write_files(FILES, target, replace=True, kind="report")
    if what == "file":
        assert target.read_text() == "punya saya"
    assert Path("/dev/null").exists() and not Path("/dev/null").is_dir()


def test_an_input_is_never_replaced(tmp_path: Path) -> None:
    scenario = write_files({"scenario.toml": "x"}, tmp_path / "d", kind="report")
    before = _snapshot(scenario)
    for target in (scenario, tmp_path):  # the input itself, or a folder holding it
        with pytest.raises(OutputError, match="masukan"):
            write_files(FILES, target, replace=True, kind="report", inputs=[scenario])
    assert _snapshot(scenario) == before


def test_the_working_folder_is_never_replaced(tmp_path: Path, monkeypatch) -> None:
    out = write_files(FILES, tmp_path / "out", kind="report")
    monkeypatch.chdir(out)
    with pytest.raises(OutputError, match="direktori kerja"):
        write_files(FILES, ".", replace=True, kind="report")
    assert (out / "index.html").exists()


def test_an_interrupted_write_leaves_the_old_output_whole(tmp_path: Path, monkeypatch) -> None:
    out = write_files({"a.txt": "lama"}, tmp_path / "out", kind="report")
    calls = {"n": 0}
    real = output._write_bytes

    def interrupted(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(output, "_write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_files(FILES, out, replace=True, kind="report")
    assert (out / "a.txt").read_text() == "lama"
    assert _names(tmp_path) == ["out"]


def test_without_an_atomic_exchange_a_failed_swap_is_undone(tmp_path: Path, monkeypatch) -> None:
    """Where renameat2 is missing, the two renames are undone if the second one fails."""
    out = write_files({"a.txt": "lama"}, tmp_path / "out", kind="report")
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    real_rename = os.rename

    def failing(src, dst):  # the move of the new folder into place fails (e.g. EIO)
        if Path(src).name.startswith(".out.new-"):
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(dst))
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", failing)
    with pytest.raises(OutputError):
        write_files(FILES, out, replace=True, kind="report")
    assert (out / "a.txt").read_text() == "lama"
    assert _names(tmp_path) == ["out"]


def test_a_leftover_hidden_copy_is_never_deleted_by_a_later_run(tmp_path: Path) -> None:
    """A crash between the two renames leaves the old output under a hidden name: it stays."""
    left = tmp_path / ".out.old-abc123"
    left.mkdir()
    (left / "index.html").write_text("hasil lama")
    write_files(FILES, tmp_path / "out", kind="report")
    write_files(FILES, tmp_path / "out", replace=True, kind="report")
    assert (left / "index.html").read_text() == "hasil lama"


def test_parent_that_is_a_file_is_refused_and_nothing_created(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OutputError, match="bukan direktori"):
        write_files(FILES, tmp_path / "afile" / "sub", kind="report")
    with pytest.raises(OutputError):
        write_file(tmp_path / "afile" / "plan.json", "{}")
    assert _names(tmp_path) == ["afile"]


def test_missing_parents_are_removed_again_on_failure(tmp_path: Path, monkeypatch) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(output, "_write_bytes", full)
    with pytest.raises(OutputError, match="No space left"):
        write_files(FILES, tmp_path / "a" / "b" / "out", kind="report")
    with pytest.raises(OutputError, match="No space left"):
        write_file(tmp_path / "c" / "plan.json", "{}")
    assert _names(tmp_path) == []


def test_write_file_replaces_atomically_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("lama")
    path.chmod(0o640)
    write_file(path, "baru")
    assert path.read_text() == "baru" and (path.stat().st_mode & 0o777) == 0o640
    assert _names(tmp_path) == ["plan.json"]


def test_write_file_refuses_folders_devices_and_inputs(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="adalah direktori"):
        write_file(tmp_path, "{}")
    with pytest.raises(OutputError, match="bukan berkas biasa"):
        write_file("/dev/null", "{}")
    villages = tmp_path / "villages.csv"
    villages.write_text("code\n")
    with pytest.raises(OutputError, match="masukan"):
        write_file(villages, "{}", inputs=[villages])
    assert villages.read_text() == "code\n"


def test_write_file_through_a_link_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("lama")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_file(link, "baru")
    assert link.is_symlink() and real.read_text() == "baru"


def test_check_folder_target_writes_nothing(tmp_path: Path) -> None:
    check_folder_target(tmp_path / "a" / "b", kind="report")
    assert _names(tmp_path) == []


def test_discard_output_removes_only_what_sispam_wrote(tmp_path: Path) -> None:
    out = write_files(FILES, tmp_path / "out", kind="plan-csv")
    discard_output(out)
    assert _names(tmp_path) == []
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "x.txt").write_text("x")
    discard_output(mine)
    assert (mine / "x.txt").exists()


def test_same_files_same_manifest() -> None:
    data = {k: v.encode() if isinstance(v, str) else v for k, v in FILES.items()}
    assert output.manifest_text("report", data) == output.manifest_text(
        "report", dict(reversed(list(data.items())))
    )
