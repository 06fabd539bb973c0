"""`kiosk pos-bridge` settings: TOML, then environment, then options; clear errors."""

from __future__ import annotations

import argparse

import pytest

from kiosk.cli import main
from kiosk.pos_bridge.cli import add_arguments, build_redeemer, config_from_args
from kiosk.pos_bridge.config import ConfigError, load_config, parse_kiosk_tokens
from kiosk.pos_bridge.redeemers import FanfareCheckoutRedeemer, VenueGrantRedeemer

SECRET = "sk_test_" + "1" * 48
TOKEN_A = "kiosk-a-token-0123456789"
TOKEN_B = "kiosk-b-token-0123456789"
POS = "pos-token-0123456789abc"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kiosk pos-bridge")
    add_arguments(parser)
    return parser.parse_args(argv)


def test_options_and_environment_make_a_complete_config() -> None:
    args = parse("--port", "4999", "--kiosk-token", f"K7={TOKEN_A}", "--register", "2")
    environ = {"FANFARE_POS_SECRET_KEY": SECRET, "FANFARE_POS_API_TOKEN": POS}

    config = config_from_args(args, environ)

    assert (config.host, config.port, config.registers) == ("127.0.0.1", 4999, ["2"])
    assert config.secret_key is not None and config.secret_key.get_secret_value() == SECRET
    assert {k: v.get_secret_value() for k, v in config.kiosks.items()} == {"K7": TOKEN_A}
    assert SECRET not in repr(config) and TOKEN_A not in repr(config)
    assert isinstance(build_redeemer(config), VenueGrantRedeemer)


def test_a_toml_file_is_read_and_options_win(tmp_path) -> None:
    path = tmp_path / "bridge.toml"
    path.write_text(
        f"""
        port = 4811
        secret_key = "{SECRET}"
        pos_token = "{POS}"
        registers = ["1", "2"]
        [kiosks]
        K7 = "{TOKEN_A}"
        [webhook]
        url = "http://pos.local/hook"
        secret = "whsec_file"
        """
    )
    args = parse("--config", str(path), "--port", "4812", "--kiosk-token", f"K8={TOKEN_B}")

    config = config_from_args(args, {"FANFARE_POS_WEBHOOK_SECRET": "whsec_env"})

    assert config.port == 4812
    assert sorted(config.kiosks) == ["K7", "K8"]
    assert config.webhook is not None and config.webhook.url == "http://pos.local/hook"
    assert config.webhook.secret is not None
    assert config.webhook.secret.get_secret_value() == "whsec_env"


def test_the_checkout_redeemer_is_configured_from_the_file(tmp_path) -> None:
    path = tmp_path / "bridge.toml"
    path.write_text(
        f"""
        redeemer = "fanfare-checkout"
        secret_key = "{SECRET}"
        pos_token = "{POS}"
        [kiosks]
        K7 = "{TOKEN_A}"
        [checkout]
        success_url = "https://shop.example/ok"
        cancel_url = "https://shop.example/cancel"
        [checkout.products.dist-1]
        product_id = "p"
        variant_id = "v"
        currency_code = "EUR"
        """
    )

    config = load_config(path, environ={}, overrides={})

    assert isinstance(build_redeemer(config), FanfareCheckoutRedeemer)


@pytest.mark.parametrize(
    ("argv", "environ", "problem"),
    [
        ((), {}, "no secret key"),
        (("--secret-key", "pk_test_x"), {"FANFARE_POS_API_TOKEN": POS}, "sk_"),
        (("--secret-key", SECRET), {}, "no POS API token"),
        (("--secret-key", SECRET, "--pos-token", POS), {}, "no kiosk is allowed in"),
        (
            (
                "--secret-key",
                SECRET,
                "--pos-token",
                POS,
                "--kiosk-token",
                f"K7={TOKEN_A}",
                "--redeemer",
                "fanfare-checkout",
            ),
            {},
            "needs [checkout]",
        ),
        (
            (
                "--secret-key",
                SECRET,
                "--pos-token",
                POS,
                "--kiosk-token",
                f"K7={TOKEN_A}",
                "--webhook-url",
                "http://pos/hook",
            ),
            {},
            "webhook needs a secret",
        ),
        (
            (
                "--secret-key",
                SECRET,
                "--pos-token",
                POS,
                "--kiosk-token",
                f"K7={TOKEN_A}",
                "--port",
                "70000",
            ),
            {},
            "port",
        ),
    ],
)
def test_missing_or_wrong_settings_are_clear_errors(argv, environ, problem) -> None:
    with pytest.raises(ConfigError, match=problem.replace("[", r"\[")):
        config_from_args(parse(*argv), environ)


def test_kiosk_tokens_parse_and_bad_ones_do_not_echo_the_secret() -> None:
    assert parse_kiosk_tokens("K7=abc, K8=def") == {"K7": "abc", "K8": "def"}
    with pytest.raises(ConfigError) as raised:
        parse_kiosk_tokens(["secret-without-a-name"])
    assert "secret-without-a-name" not in str(raised.value)


def test_the_command_exits_2_with_a_message_when_misconfigured(monkeypatch, capsys) -> None:
    for name in ("FANFARE_POS_SECRET_KEY", "FANFARE_POS_API_TOKEN", "FANFARE_POS_KIOSK_TOKENS"):
        monkeypatch.delenv(name, raising=False)

    assert main(["pos-bridge"]) == 2
    assert "no secret key" in capsys.readouterr().err
