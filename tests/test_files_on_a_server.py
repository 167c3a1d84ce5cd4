"""Captured files on a shared server: kept in the folder the files.folder setting names
(one every reviewer's machine reaches); until a supervisor sets it, a row naming a file
is refused with one line saying how."""

from __future__ import annotations

import hashlib

import pytest
from conftest import write_jsonl

from models.errors import InvalidValue


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_a_server_keeps_captured_files_in_the_folder_its_setting_names(desk, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "strike.mp4").write_bytes(b"\x00video bytes" * 100)
    rows = [{"type": "evidence", "id": "f1", "text": "clip", "file": "media/strike.mp4"}]
    refused = desk.import_file(write_jsonl(tmp_path / "one.jsonl", rows))
    assert refused.evidence_new == 0
    assert refused.rejects[0].reason.startswith('"file" needs a file store: on a server, a supervisor names a folder')
    with pytest.raises(InvalidValue, match="not an absolute folder path"):
        desk.set_setting("files.folder", "relative/folder")
    desk.set_setting("files.folder", str(tmp_path / "shared-files"))
    assert desk.import_file(write_jsonl(tmp_path / "two.jsonl", rows)).evidence_new == 1
    digest = hashlib.sha256(b"\x00video bytes" * 100).hexdigest()
    stored = desk.stored_file(digest)
    assert stored == tmp_path / "shared-files" / digest[:2] / digest[2:]
    assert stored.read_bytes() == b"\x00video bytes" * 100
