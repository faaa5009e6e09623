"""Issue 18.1: output files are written through one safe writer — exclusive temporary file in the
destination folder, no symlink destinations, no overwriting without --force, atomic rename, never a
device — and client data on disk is private (0600 files, 0700 folders)."""

from __future__ import annotations

import os
import stat

import pytest

from household.outfile import OutputError, output_path, private_folder, write_bytes

from .conftest import run_cli

HOSTILE_DESTINATIONS = ("symlink", "symlink_dangling", "existing", "folder", "device", "fifo",
                        "missing_folder")


def _plant(kind: str, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    dest = tmp_path / "out.file"
    if kind == "symlink":
        dest.symlink_to(victim)
    elif kind == "symlink_dangling":
        dest.symlink_to(tmp_path / "created-through-link")
    elif kind == "existing":
        dest.write_text("old")
    elif kind == "folder":
        dest.mkdir()
    elif kind == "device":
        dest = "/dev/null"
    elif kind == "fifo":
        os.mkfifo(dest)
    elif kind == "missing_folder":
        dest = tmp_path / "no" / "such" / "out.file"
    return victim, dest


def _mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.mark.parametrize("kind", HOSTILE_DESTINATIONS)
def test_writer_refuses_hostile_destinations_and_leaves_them_alone(tmp_path, kind):
    victim, dest = _plant(kind, tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(OutputError):
        write_bytes(dest, b"new")
    assert victim.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary file left
    assert not (tmp_path / "created-through-link").exists()


@pytest.mark.parametrize("kind", ["symlink", "symlink_dangling", "folder", "device", "fifo"])
def test_force_never_follows_a_link_or_writes_a_device(tmp_path, kind):
    victim, dest = _plant(kind, tmp_path)
    with pytest.raises(OutputError):
        write_bytes(dest, b"new", force=True)
    assert victim.read_text() == "precious"


def test_force_replaces_an_existing_regular_file_privately(tmp_path):
    dest = tmp_path / "out.file"
    dest.write_text("old")
    os.chmod(dest, 0o644)
    write_bytes(dest, b"new", force=True)
    assert dest.read_bytes() == b"new" and _mode(dest) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.file"]


@pytest.mark.parametrize("force", [False, True])
def test_a_symlink_planted_while_writing_is_neither_followed_nor_kept(tmp_path, force):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    dest = tmp_path / "out.pdf"
    with pytest.raises(OutputError), output_path(dest, force=force) as tmp:
        tmp.write_bytes(b"%PDF")
        dest.symlink_to(victim)  # the attacker acts after the first check
    assert victim.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf", "victim.txt"]


def test_without_force_a_name_taken_meanwhile_is_not_replaced(tmp_path):
    dest = tmp_path / "out.json"
    with pytest.raises(OutputError, match="already exists"), output_path(dest) as tmp:
        tmp.write_bytes(b"mine")
        dest.write_text("someone else's")
    assert dest.read_text() == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_old_style_part_file_symlink_is_harmless(tmp_path, demo_file):
    """The issue's attack: a symlink planted at OUT.pdf.part had its target overwritten."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "out.json.part").symlink_to(victim)
    write_bytes(tmp_path / "out.json", b"{}")
    assert victim.read_text() == "precious"


def test_private_folder_is_0700_and_refuses_links(tmp_path):
    f = private_folder(tmp_path / "exports")
    assert _mode(f) == 0o700
    (tmp_path / "link").symlink_to(tmp_path / "exports")
    with pytest.raises(OutputError, match="symbolic link"):
        private_folder(tmp_path / "link")


# ----------------------------------------------------------------------------- the commands
@pytest.mark.parametrize("kind", HOSTILE_DESTINATIONS)
def test_export_refuses_hostile_destinations(tmp_path, db, kind):
    victim, dest = _plant(kind, tmp_path)
    code, out, err = run_cli("export", "demo-cn-chen", "--db", db, "-o", dest)
    assert code == 2 and "Traceback" not in err and err.startswith("kinfolio: ")
    assert victim.read_text() == "precious" and out == ""


def test_export_writes_0600_and_needs_force_to_replace(tmp_path, db):
    dest = tmp_path / "hh.json"
    assert run_cli("export", "demo-cn-chen", "--db", db, "-o", dest)[0] == 0
    assert _mode(dest) == 0o600
    code, _, err = run_cli("export", "demo-cn-chen", "--db", db, "-o", dest)
    assert code == 2 and "--force" in err
    assert run_cli("export", "demo-cn-chen", "--db", db, "-o", dest, "--force")[0] == 0


@pytest.mark.parametrize("kind", ["symlink", "existing", "folder", "device", "missing_folder"])
def test_proposal_refuses_hostile_destinations_before_computing(tmp_path, demo_file, kind,
                                                                monkeypatch):
    import cli.proposal as pc

    def never(*a, **k):
        raise AssertionError("the proposal was computed for a destination it cannot write")

    monkeypatch.setattr(pc, "build_for", never)
    victim, dest = _plant(kind, tmp_path)
    code, _, err = run_cli("proposal", demo_file, "--paths", "20", "-o", dest)
    assert code == 2 and err.startswith("-o: ") and "Traceback" not in err
    assert victim.read_text() == "precious"


def test_proposal_writes_a_private_file_through_the_writer(tmp_path, demo_file, monkeypatch):
    import cli.proposal as pc

    monkeypatch.setattr(pc, "build_for", lambda *a, **k: b"%PDF-1.7 test")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "p.pdf.part").symlink_to(victim)
    dest = tmp_path / "p.pdf"
    assert run_cli("proposal", demo_file, "--paths", "20", "-o", dest)[0] == 0
    assert dest.read_bytes() == b"%PDF-1.7 test" and _mode(dest) == 0o600
    assert not dest.is_symlink() and victim.read_text() == "precious"
    code, _, err = run_cli("proposal", demo_file, "--paths", "20", "-o", dest)
    assert code == 2 and "--force" in err
    assert run_cli("proposal", demo_file, "--paths", "20", "-o", dest, "--force")[0] == 0


@pytest.mark.parametrize("kind", ["symlink", "existing", "folder", "device"])
def test_backup_refuses_hostile_destinations(tmp_path, db, kind):
    victim, dest = _plant(kind, tmp_path)
    code, _, err = run_cli("backup", dest, "--db", db)
    assert code == 2 and "Traceback" not in err
    assert victim.read_text() == "precious"


def test_backup_and_export_folder_are_private_and_not_overwritten(tmp_path, db):
    dest, folder = tmp_path / "b.db", tmp_path / "exp"
    code, _, err = run_cli("backup", dest, "--db", db, "--export", folder)
    assert code == 0, err
    assert _mode(dest) == 0o600 and _mode(folder) == 0o700
    assert {_mode(p) for p in folder.iterdir()} == {0o600}
    (tmp_path / "b2.db").unlink(missing_ok=True)
    code, _, err = run_cli("backup", tmp_path / "b2.db", "--db", db, "--export", folder)
    assert code == 2 and "--force" in err
    code, _, err = run_cli("backup", tmp_path / "b3.db", "--db", db, "--export", folder,
                           "--force")
    assert code == 0, err


def test_export_folder_that_is_a_symlink_is_refused(tmp_path, db):
    victim = tmp_path / "elsewhere"
    victim.mkdir()
    (tmp_path / "exp").symlink_to(victim)
    code, _, err = run_cli("backup", tmp_path / "b.db", "--db", db, "--export", tmp_path / "exp")
    assert code == 2 and "symbolic link" in err
    assert list(victim.iterdir()) == []


def test_a_new_database_is_private(tmp_path, demo_file):
    path = tmp_path / "new" / "k.db"
    assert run_cli("import", demo_file, "--db", path)[0] == 0
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    for extra in ("k.db-wal", "k.db-shm"):
        if (path.parent / extra).exists():
            assert _mode(path.parent / extra) & 0o077 == 0
