"""The deployment settings file gets the same file:line:col treatment as content.yaml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config.deployment import Deployment, DeploymentError, check_deployment, load_deployment
from kiosk.wire.broker_url import parse_broker_url

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "deploy" / "lantern.toml"


def broken(tmp_path: Path, old: str, new: str) -> list[str]:
    path = tmp_path / "lantern.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DeploymentError) as raised:
        check_deployment(path, file="lantern.toml")
    return [str(problem) for problem in raised.value.problems]


def line_of(text: str) -> int:
    return next(number for number, line in enumerate(EXAMPLE.read_text().splitlines(), 1) if text in line)


def test_the_example_settings_are_valid() -> None:
    deployment = check_deployment(EXAMPLE, file="lantern.toml")

    assert [room.label for room in deployment.station.rooms] == ["Recovery 11", "Recovery 12"]
    assert deployment.broker is not None
    assert deployment.broker is not None and parse_broker_url(deployment.broker.url).tls
    assert [tier.after_seconds for tier in deployment.escalation] == [60, 180]
    assert deployment.station.on_way_reminder_seconds == 300


def test_misspelt_key_in_an_array_table(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'label = "Recovery 12"', 'lable = "Recovery 12"')

    line = line_of('label = "Recovery 12"')
    assert (
        f"lantern.toml:{line}:1: 'lable' is not a setting in item 2 of 'rooms'. Did you mean 'label'?"
        in problems
    )


def test_out_of_range_number_and_bad_time(tmp_path: Path) -> None:
    assert broken(tmp_path, "ring_repeat_seconds = 10", "ring_repeat_seconds = 30") == [
        f"lantern.toml:{line_of('ring_repeat_seconds')}:23: This number is too large: it must be at most 10."
    ]
    assert "Write the time as hours and minutes" in broken(tmp_path, '"07:00", "19:00"', '"7 am"')[0]


def test_escalation_to_a_tag_no_phone_has(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'notify = ["everyone"]', 'notify = ["evryone"]')

    line = line_of('notify = ["everyone"]')
    assert problems == [
        f"lantern.toml:{line}:10: No phone has the tag 'evryone', so this step would reach nobody."
    ]


def test_phone_names_must_differ_from_each_other_and_from_the_stations(tmp_path: Path) -> None:
    line = line_of('name = "floor"')
    assert broken(tmp_path, 'name = "floor"', 'name = "charge"') == [
        f"lantern.toml:{line}:8: The name 'charge' is given to two phones: every console shows it as who took a call."
    ]
    assert broken(tmp_path, 'name = "floor"', 'name = "desk"') == [
        f"lantern.toml:{line}:8: The name 'desk' is also a station's id: every console shows it as who took a call."
    ]


def test_a_call_the_desk_button_needs_the_desks_number(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'desk_phone = "+1 555 010 0100"', "")

    assert problems == [
        f"lantern.toml:{line_of('call_desk = true')}:13: "
        'This phone would get a "Call the desk" button, but [answers] has no desk_phone.'
    ]


def test_the_answer_link_is_an_address_without_a_path(tmp_path: Path) -> None:
    problems = broken(tmp_path, '"http://192.168.1.20:8765"', '"192.168.1.20:8765/answers"')

    assert len(problems) == 1 and problems[0].startswith(f"lantern.toml:{line_of('link = ')}:8: ")


def test_an_on_way_reminder_time_and_steps_for_one_kind(tmp_path: Path) -> None:
    path = tmp_path / "lantern.toml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("reminder_seconds = 300", "reminder_seconds = 600")
    path.write_text(text.replace('kinds = ["now", "check"]', 'kinds = ["now"]'), encoding="utf-8")

    deployment = check_deployment(path, file="lantern.toml")

    assert deployment.station.on_way_reminder_seconds == 600
    assert [tier.kinds for tier in deployment.escalation] == [["now"], ["now", "check"]]
    assert Deployment().station.on_way_reminder_seconds == 300


@pytest.mark.parametrize(
    ("written", "words"),
    [("59", "too small: it must be at least 60"), ("3601", "too large: it must be at most 3600")],
)
def test_an_on_way_reminder_out_of_bounds(tmp_path: Path, written: str, words: str) -> None:
    problems = broken(tmp_path, "reminder_seconds = 300", f"reminder_seconds = {written}")

    assert problems == [f"lantern.toml:{line_of('on_way_reminder_seconds')}:27: This number is {words}."]


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ('"now", "chek"', "This must be 'now' or 'check'."),
        ('"test"', "This must be 'now' or 'check'."),
        ("", "This list needs at least 1 item(s)."),
    ],
)
def test_an_escalation_step_for_an_unknown_kind(tmp_path: Path, written: str, words: str) -> None:
    problems = broken(tmp_path, 'kinds = ["now", "check"]', f"kinds = [{written}]")

    line = line_of('kinds = ["now", "check"]')
    assert problems == [f"lantern.toml:{line}:9: {words}"]


def test_toml_syntax_error_has_its_line(tmp_path: Path) -> None:
    problems = broken(tmp_path, 'site = "clinic"', 'site = "clinic')

    assert problems[0].startswith(f"lantern.toml:{line_of('site =')}:")
    assert "Text needs double quotes" in problems[0]


def test_no_settings_file_anywhere_means_built_in_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LANTERN_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))

    assert load_deployment(None) == Deployment()


def test_lantern_check_reads_toml(tmp_path: Path) -> None:
    path = tmp_path / "lantern.toml"
    path.write_text(EXAMPLE.read_text().replace("[kiosk]", "[kiosck]"))

    completed = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert completed.returncode == 1
    assert (
        f":{line_of('[kiosk]')}:1: 'kiosck' is not a setting at the top of the file. Did you mean 'kiosk'?"
        in completed.stdout
    )


def test_a_named_settings_file_that_does_not_exist_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANTERN_CONFIG", str(tmp_path / "lantern.tmol"))

    with pytest.raises(DeploymentError) as raised:
        load_deployment(None)

    assert "does not exist" in str(raised.value)


VOICES_EXAMPLE = '# [kiosk.voices]\n# en = "/opt/lantern/voices/en_US-joe-medium.onnx"\n'


def test_the_example_piper_voices_are_valid_once_uncommented(tmp_path: Path) -> None:
    path = tmp_path / "lantern.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert VOICES_EXAMPLE in text
    path.write_text(text.replace(VOICES_EXAMPLE, VOICES_EXAMPLE.replace("# ", "")).replace("# es =", "es ="))

    voices = check_deployment(path, file="lantern.toml").kiosk.voices

    assert voices == {
        "en": Path("/opt/lantern/voices/en_US-joe-medium.onnx"),
        "es": Path("/opt/lantern/voices/es_MX-ald-medium.onnx"),
    }
    assert Deployment().kiosk.voices == {}


@pytest.mark.parametrize(
    ("written", "column", "words"),
    [
        (
            "english = ",
            1,
            "'english' is not a language code: write the code content.yaml uses, like en or es.",
        ),
        ("en = 5 #", 6, "Write the full path of a Piper voice's .onnx file in quotes, like \"/opt/lantern/"),
        ('en = "voices/en.onnx" #', 6, "not 'voices/en.onnx'."),
        ('en = "/opt/en_US-joe-medium.onnx.json" #', 6, "not '/opt/en_US-joe-medium.onnx.json'."),
    ],
)
def test_a_piper_voice_written_wrong(tmp_path: Path, written: str, column: int, words: str) -> None:
    text = VOICES_EXAMPLE.replace("# ", "")
    problems = broken(tmp_path, VOICES_EXAMPLE, text.replace("en = ", written))

    line = line_of(VOICES_EXAMPLE.splitlines()[1])
    assert len(problems) == 1
    assert problems[0].startswith(f"lantern.toml:{line}:{column}: ")
    assert words in problems[0]


def test_several_brokers_are_tried_in_order_and_each_mistake_has_its_place(tmp_path: Path) -> None:
    url = 'url = "mqtts://12@broker.clinic.lan:8883?cafile=/etc/lantern/ca.pem"'
    nodes = [f"mqtts://12@node{n}.clinic.lan:8883?cafile=/etc/lantern/ca.pem" for n in (1, 2)]
    path = tmp_path / "lantern.toml"
    path.write_text(EXAMPLE.read_text().replace(url, f"urls = {nodes!r}".replace("'", '"')))

    broker = check_deployment(path, file="lantern.toml").broker

    assert broker is not None and broker.addresses() == tuple(nodes)
    line = line_of(url)
    assert broken(tmp_path, url, 'urls = ["mqtts://a:8883", "http://b"]') == [
        f"lantern.toml:{line}:8: The broker address 'http://b' must start with mqtt:// or mqtts://."
    ]
    assert (
        "differs from the first (mqtts://a:8883) in its scheme"
        in broken(tmp_path, url, 'urls = ["mqtts://a:8883", "mqtt://b"]')[0]
    )
    assert f"lantern.toml:{line}:8: The broker address number 2 (mqtts://a:8883) is listed twice." in broken(
        tmp_path, url, 'urls = ["mqtts://a:8883", "mqtts://a"]'
    )
    assert "Write either url" in broken(tmp_path, url, f'{url}\nurls = ["mqtts://a:8883"]')[0]


RELAY_EXAMPLE = '# [kiosk.relay]\n# driver = "mqtt"\n# flavour = "tasmota"'


def test_the_example_relay_is_valid_once_uncommented(tmp_path: Path) -> None:
    path = tmp_path / "lantern.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert RELAY_EXAMPLE in text
    path.write_text(text.replace(RELAY_EXAMPLE, RELAY_EXAMPLE.replace("# ", "")))

    relay = check_deployment(path, file="lantern.toml").kiosk.relay

    assert relay is not None
    assert (relay.driver, relay.flavour, relay.kinds, relay.confirm_seconds) == (
        "mqtt",
        "tasmota",
        ["now"],
        3,
    )
    assert Deployment().kiosk.relay is None


@pytest.mark.parametrize(
    ("written", "column", "words"),
    [
        ('driver = "gpio"', 10, "A GPIO relay needs `line`: the line's offset on the chip."),
        ('driver = "relay"', 10, "This must be 'gpio' or 'mqtt'."),
        ('driver = "mqtt"\nrelay = 0', 9, "Tasmota counts its relays from 1 (POWER1)."),
        ('driver = "mqtt"\nkinds = ["test"]', 9, "This must be 'now' or 'check'."),
    ],
)
def test_a_relay_written_wrong(tmp_path: Path, written: str, column: int, words: str) -> None:
    problems = broken(
        tmp_path, RELAY_EXAMPLE, RELAY_EXAMPLE.replace("# ", "").replace('driver = "mqtt"', written)
    )

    line = line_of(RELAY_EXAMPLE.splitlines()[1]) + written.count("\n")
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"lantern.toml:{line}:{column}: "), problems
    assert words in problems[0]


def test_a_phone_address_that_is_no_url_is_told_at_its_line(tmp_path: Path) -> None:
    old = 'url = "ntfy://ntfy.clinic.lan/lantern-floor"'
    problems = broken(tmp_path, old, 'url = "ntfy://[ntfy.clinic.lan/lantern-floor"')

    assert len(problems) == 1
    assert problems[0].startswith(f"lantern.toml:{line_of(old)}:7: ")
    assert "not an address a phone service can have" in problems[0]
