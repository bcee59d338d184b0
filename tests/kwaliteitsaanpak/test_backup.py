"""`make backup` / `make restore` (scripts/backup.sh, scripts/restore.sh): the demo data and the private media come
back exactly, and a restore does not overwrite a database in use unless asked to.

Works on two scratch databases of its own on the test server (created and dropped here), not on the test database.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import sql

from tests.celery_worker import database_url_from

pytestmark = pytest.mark.slow  # handed to a test worker first (tests/conftest.py)

REPO = Path(__file__).resolve().parents[2]
UPLOADED = os.urandom(200_000) + b"\x00\xff einde"  # binary, with bytes a text mode would change


def _connect(name: str):
    params = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname=name,
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
    )
    connection.autocommit = True
    return connection


def _url(name: str) -> str:
    return database_url_from({**settings.DATABASES["default"], "NAME": name})


def _run(
    command: list[str],
    *,
    database: str,
    media: Path,
    backup_dir: Path | None = None,
    check: bool = True,
    **env,
):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kwaliteitsaanpak.settings",
        "DEBUG": "0",
        "SECRET_KEY": "backup-test-only-secret-key",
        "DATABASE_URL": _url(database),
        "PRIVATE_MEDIA_ROOT": str(media),
        "BACKUP_DIR": str(backup_dir or media.parent / "backups"),
        **env,
    }
    environment.pop("CELERY_BROKER_URL", None)  # the demo's tasks run eagerly
    result = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def _tables(connection) -> dict[str, tuple[int, str]]:
    """Every table's row count and an md5 over its rows (each row as text, in a fixed order)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        names = [row[0] for row in cursor.fetchall()]
        digests = {}
        for name in names:
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t"
                ).format(sql.Identifier(name))
            )
            digests[name] = cursor.fetchone()
        return digests


def _sequences(connection) -> dict[str, int | None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        return dict(cursor.fetchall())


def _media(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def scratch_databases():
    suffix = uuid.uuid4().hex[:8]
    names = (f"faults_backup_source_{suffix}", f"faults_backup_restored_{suffix}")
    admin = _connect("postgres")
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(names[0])))
    try:
        yield names
    finally:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
        admin.close()


def test_backup_and_restore_round_trip_the_demo_and_its_files(scratch_databases, tmp_path):
    source, restored = scratch_databases
    source_media, restored_media, backups = (
        tmp_path / "media",
        tmp_path / "restored-media",
        tmp_path / "backups",
    )
    python = sys.executable
    _run([python, "manage.py", "migrate", "--no-input", "-v", "0"], database=source, media=source_media)
    _run([python, "manage.py", "seed_demo"], database=source, media=source_media)
    # An uploaded file, kept as the application keeps one: a record in the database pointing at private media.
    upload = tmp_path / "register.bin"
    upload.write_bytes(UPLOADED)
    _run(
        [
            python,
            "manage.py",
            "shell",
            "-c",
            "from django.core.files import File; from schools.models import RegisterImport; "
            "record = RegisterImport(kind='leerlingen', original_filename='register.bin'); "
            f"record.file.save('register.bin', File(open({str(upload)!r}, 'rb')), save=True)",
        ],
        database=source,
        media=source_media,
    )
    # A file a killed task left half written is not part of the back-up.
    (source_media / ".partial").mkdir()
    (source_media / ".partial" / "monitoring.monitorreport-1-file").write_bytes(b"half")

    made = _run(["bash", "scripts/backup.sh"], database=source, media=source_media, backup_dir=backups)
    backup = Path(made.stdout.strip().splitlines()[-1])
    assert backup.parent == backups
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "database.dump", "media.tar.gz"]

    _run(["bash", "scripts/restore.sh", str(backup)], database=restored, media=restored_media)

    with _connect(source) as original, _connect(restored) as copy:
        original_tables = _tables(original)
        assert original_tables["schools_school"][0] == 40  # the demo is there to compare
        assert original_tables["schools_registerimport"][0] >= 1
        assert _tables(copy) == original_tables
        assert _sequences(copy) == _sequences(original)
    original.close()
    copy.close()

    original_files = _media(source_media)
    del original_files[".partial/monitoring.monitorreport-1-file"]
    assert any(digest == hashlib.sha256(UPLOADED).hexdigest() for digest in original_files.values())
    assert _media(restored_media) == original_files


def test_restore_refuses_a_database_in_use_without_force(scratch_databases, tmp_path):
    source, restored = scratch_databases
    media, restored_media = tmp_path / "media", tmp_path / "restored-media"
    media.mkdir()
    (media / "document.pdf").write_bytes(b"%PDF from the back-up")
    with _connect(source) as original, original.cursor() as cursor:  # the demo's round trip is proved above
        cursor.execute(
            "CREATE TABLE note (id serial PRIMARY KEY, text text); INSERT INTO note (text) VALUES ('één')"
        )
    original.close()
    # The database in use has something the back-up has not: after a forced restore it is gone.
    admin = _connect("postgres")
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(restored)))
    admin.close()
    with _connect(restored) as copy, copy.cursor() as cursor:
        cursor.execute("CREATE TABLE only_here (id int PRIMARY KEY); INSERT INTO only_here VALUES (1)")
    copy.close()
    restored_media.mkdir()
    (restored_media / "in-use.pdf").write_bytes(b"%PDF in use")
    made = _run(["bash", "scripts/backup.sh"], database=source, media=media)
    backup = made.stdout.strip().splitlines()[-1]

    refused = _run(
        ["bash", "scripts/restore.sh", backup], database=restored, media=restored_media, check=False
    )
    assert refused.returncode != 0
    assert "--force" in refused.stderr
    with _connect(restored) as copy:
        assert list(_tables(copy)) == ["only_here"]  # untouched
    copy.close()
    assert _media(restored_media) == {"in-use.pdf": hashlib.sha256(b"%PDF in use").hexdigest()}

    _run(["bash", "scripts/restore.sh", backup], database=restored, media=restored_media, RESTORE_FORCE="1")
    with _connect(source) as original, _connect(restored) as copy:
        assert _tables(copy) == _tables(original)
        assert "only_here" not in _tables(copy)
    original.close()
    copy.close()
    assert _media(restored_media) == _media(media)
    kept_aside = list(tmp_path.glob("restored-media.before-restore-*"))
    assert len(kept_aside) == 1 and (kept_aside[0] / "in-use.pdf").is_file()  # moved aside, not deleted


def test_a_damaged_backup_is_not_restored(scratch_databases, tmp_path):
    source, restored = scratch_databases
    media = tmp_path / "media"
    media.mkdir()
    (media / "document.pdf").write_bytes(b"%PDF-1.4 inhoud")
    with _connect(source) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE note (id int PRIMARY KEY)")
    connection.close()
    backup = Path(
        _run(["bash", "scripts/backup.sh"], database=source, media=media).stdout.strip().splitlines()[-1]
    )
    with (backup / "media.tar.gz").open("ab") as archive:
        archive.write(b"damage")

    result = _run(
        ["bash", "scripts/restore.sh", str(backup)],
        database=restored,
        media=tmp_path / "restored",
        check=False,
    )
    assert result.returncode != 0
    assert "damaged" in result.stderr
    assert not (tmp_path / "restored").exists()
