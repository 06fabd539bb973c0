"""`kiosk run`'s configuration: text from the environment, command line and TOML is coerced,
and bad values are refused all at once, each named, with what to write instead."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from kiosk.app.config import ConfigError, KioskConfig, add_arguments, load_config

PREFIX = "the kiosk configuration is not valid: "


def config_from(
    tmp_path: Path, toml: str = "", *argv: str, environ: dict[str, str] | None = None
) -> KioskConfig:
    path = tmp_path / "kiosk.toml"
    path.write_text(toml, encoding="utf-8")
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return load_config(parser.parse_args(["--config", str(path), *argv]), environ or {})


def problem_of(tmp_path: Path, toml: str) -> str:
    with pytest.raises(ConfigError) as raised:
        config_from(tmp_path, toml)
    message = str(raised.value)
    assert message.startswith(PREFIX), message
    return message.removeprefix(PREFIX)


def test_no_configuration_is_the_embedded_demo_kiosk(tmp_path: Path) -> None:
    config = config_from(tmp_path, "", "--data-dir", str(tmp_path))
    assert config.embedded and config.demo and config.mode == "kiosk"
    assert (config.size, config.language, config.staff_pin) == ((1080, 1920), "en", "2468")
    assert (config.idle_seconds, config.presence_expiry, config.kiosk_id) == (45.0, "leave", "K1")
    assert config.venue_dir == tmp_path / "venue"
    assert config.session_settings().idle_seconds == 45.0


def test_text_values_are_read_as_the_type_each_field_needs(tmp_path: Path) -> None:
    toml = (
        '[kiosk]\nwindowed = "true"\ndemo = "0"\nidle_seconds = "30"\ntime_scale = 10\n'
        'data_dir = "/srv/kiosk"\nsize = ["540", 960]\nexperience = "e1"\n'
    )
    config = config_from(tmp_path, toml, environ={"FANFARE_REDUCED_MOTION": "yes"})
    assert config.windowed is True and config.demo is False and config.reduced_motion is True
    assert config.idle_seconds == 30.0 and config.time_scale == 10.0
    assert config.data_dir == Path("/srv/kiosk") and config.size == (540, 960)
    assert config.experiences == ["e1"]
    flags = config_from(tmp_path, "", "--size", "600x800", "--pos-spool-dir", "spool")
    assert flags.size == (600, 800) and flags.pos_spool_dir == Path("spool")


def test_later_sources_win_file_then_environment_then_command_line(tmp_path: Path) -> None:
    toml = 'staff_pin = "1111"\nlanguage = "es"\nkiosk_id = "FILE"\n'
    environ = {"FANFARE_STAFF_PIN": "2222", "FANFARE_KIOSK_ID": "ENV"}
    config = config_from(tmp_path, toml, "--staff-pin", "3333", environ=environ)
    assert (config.staff_pin, config.kiosk_id, config.language) == ("3333", "ENV", "es")


def test_every_bad_value_is_named_in_one_message(tmp_path: Path) -> None:
    toml = 'staff_pin = "12a4"\nidle_seconds = 0\nmode = "admin"\nkiosk_id = ""\ncolour = "red"\n'
    assert problem_of(tmp_path, toml) == (
        "mode: Input should be 'kiosk' or 'staff'; "
        r"staff_pin: String should match pattern '^\d{4,12}$'; "
        "idle_seconds: Input should be greater than 0; "
        "kiosk_id: String should have at least 1 character; "
        "colour: Extra inputs are not permitted"
    )


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ('staff_pin = "123"', r"staff_pin: String should match pattern '^\d{4,12}$'"),
        ('staff_pin = "1234567890123"', "staff_pin: String should match pattern"),
        ("staff_pin = 1234", "staff_pin: Input should be a valid string"),
        ("idle_prompt_seconds = -3", "idle_prompt_seconds: Input should be greater than 0"),
        ('presence_seconds = "nan"', "presence_seconds: Input should be greater than 0"),
        ('time_scale = "fast"', "time_scale: Input should be a valid number"),
        ('presence_expiry = "x"', "presence_expiry: Input should be 'leave' or 'keep'"),
        ('windowed = "maybe"', "windowed: Input should be a valid boolean"),
        ("demo = 2", "demo: Input should be a valid boolean"),
        (f'kiosk_id = "{"x" * 33}"', "kiosk_id: String should have at most 32 characters"),
        ("kiosk_id = 7", "kiosk_id: Input should be a valid string"),
        ("api_url = 5", "api_url: Input should be a valid string"),
        ('experience = ["a", 1]', "experiences.1: Input should be a valid string"),
        ("experience = 5", "experiences: Input should be a valid list"),
        ('size = ["wide", 2]', "size.0: Input should be a valid integer"),
        ("size = [1.5, 2]", "size.0: Input should be a valid integer"),
        ("size = 5", "size: Input should be a valid tuple"),
        ("data_dir = 5", "data_dir: Input is not a valid path"),
        ("brand_file = true", "brand_file: Input is not a valid path"),
    ],
)
def test_a_bad_value_says_which_field_and_why(tmp_path: Path, toml: str, problem: str) -> None:
    assert problem in problem_of(tmp_path, toml)


def test_a_size_needs_a_width_and_a_height(tmp_path: Path) -> None:
    for toml in ("size = [1]", "size = [1, 2, 3]"):
        assert problem_of(tmp_path, toml).startswith("size")
    with pytest.raises(ConfigError, match="the size must look like 1080x1920, not '12x'"):
        config_from(tmp_path, "", "--size", "12x")


def test_an_unknown_language_lists_the_ones_there_are(tmp_path: Path) -> None:
    assert "choose one of en, es, ar" in problem_of(tmp_path, 'language = "xx"')


def test_a_secret_key_is_refused_and_never_repeated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"publishable_key: .*secret key \(sk_\.\.\.\)") as raised:
        config_from(tmp_path, "", environ={"FANFARE_PUBLISHABLE_KEY": "sk_live_NEVER_SHOWN"})
    assert "NEVER_SHOWN" not in str(raised.value)


def test_the_secrets_stay_out_of_the_repr() -> None:
    config = KioskConfig(publishable_key="pk_HIDDEN1", staff_pin="97531", pos_kiosk_token="HIDDEN2")
    text = repr(config)
    assert "HIDDEN1" not in text and "97531" not in text and "HIDDEN2" not in text
    assert "kiosk_id='K1'" in text  # the rest is still there to read


def test_a_remote_venue_needs_its_organization_key_and_experiences(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        config_from(tmp_path, "", "--api-url", "http://127.0.0.1:4800")
    assert "--organization-id, --publishable-key, --experience" in str(raised.value)
    environ = {"FANFARE_EXPERIENCE": "e1,e2", "FANFARE_PUBLISHABLE_KEY": "pk_x"}
    remote = ("--api-url", "http://127.0.0.1:4800", "--organization-id", "o")
    config = config_from(tmp_path, "", *remote, environ=environ)
    assert not config.embedded and config.experiences == ["e1", "e2"]


def test_a_config_built_in_code_is_checked_too() -> None:
    assert KioskConfig(time_scale=10).time_scale == 10.0
    with pytest.raises(ConfigError, match="idle_seconds: Input should be greater than 0"):
        KioskConfig(idle_seconds=0)
    assert KioskConfig(kiosk_id="K2") == KioskConfig(kiosk_id="K2")
