"""`kiosk run` plugs the POS outbox into the session when a bridge or spool is configured."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from kiosk.app.config import ConfigError, add_arguments, load_config
from kiosk.app.main import _pos_handoff
from kiosk.session.pos_handoff import OutboxHandoff
from tests.fakes import FakeClock


def config_from(*argv: str, environ: dict[str, str] | None = None):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return load_config(parser.parse_args(list(argv)), environ or {})


async def test_a_spool_folder_gives_the_session_a_durable_outbox(tmp_path: Path) -> None:
    config = config_from(
        "--data-dir", str(tmp_path), "--pos-spool-dir", str(tmp_path / "spool"), "--kiosk-id", "K7"
    )
    async with _pos_handoff(config, FakeClock()) as handoff:
        assert isinstance(handoff, OutboxHandoff)
    assert config.pos_outbox_file.exists()


async def test_without_a_pos_the_session_keeps_its_see_staff_default(tmp_path: Path) -> None:
    async with _pos_handoff(config_from("--data-dir", str(tmp_path)), FakeClock()) as handoff:
        assert handoff is None


def test_a_bridge_needs_this_kiosks_own_token(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="own token"):
        config_from("--data-dir", str(tmp_path), "--pos-bridge-url", "http://127.0.0.1:4810")
    config = config_from(
        "--data-dir",
        str(tmp_path),
        environ={
            "FANFARE_POS_BRIDGE_URL": "http://127.0.0.1:4810",
            "FANFARE_POS_KIOSK_TOKEN": "kiosk-token-value",
        },
    )
    assert "kiosk-token-value" not in repr(config)
