from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[2]
G = 112233445566778899


def test_example_config_is_valid():
    s = load_settings(ROOT / "config.example.toml")
    assert s.timezone == "Asia/Shanghai"
    assert s.database.name == "setcall.db" and s.database.is_absolute()
    assert s.guilds[G].productions["CEO1"].department_channels["lighting"]
    assert s.call_offsets["makeup"] == -90


def test_defaults_when_minimal():
    s = parse_settings({"bot": {}})
    assert s.timezone == "Asia/Shanghai" and s.language == "zh-CN"
    assert s.cues.grace_minutes == 10 and s.cues.notify_threshold_minutes == 15
    assert s.outbox.concurrency == 16 and s.outbox.retry_seconds == (30, 120) and s.outbox.max_attempts == 3
    assert s.database.parts[-2:] == ("data", "setcall.db")


@pytest.mark.parametrize(
    "data, fragment",
    [
        ({}, "bot: missing section"),
        ({"bot": {"timezone": "Asia/Shanghia"}}, "bot.timezone: unknown timezone 'Asia/Shanghia'"),
        ({"bot": {"language": "fr"}}, "bot.language"),
        ({"bot": {}, "guilds": [{"id": G, "ad_role_ids": [12]}]}, "guilds[0].ad_role_ids[0]: 12 is not a Discord id"),
        ({"bot": {}, "guilds": [{"ad_role_ids": []}]}, "guilds[0].id: missing"),
        ({"bot": {}, "guilds": [{"id": G, "department_head_roles": {"catering": G}}]}, "guilds[0].department_head_roles.catering: unknown department"),
        ({"bot": {}, "calls": {"lighting": "early"}}, "calls.lighting"),
        ({"bot": {}, "cues": {"grace_minutes": -1}}, "cues.grace_minutes"),
        ({"bot": {}, "outbox": {"concurrency": 0}}, "outbox.concurrency"),
        ({"bot": {}, "outbox": {"retry_seconds": [30, "two minutes"]}}, "outbox.retry_seconds"),
        ({"bot": {"token": "abc"}}, "bot.token: never put the token"),
        ({"bot": {}, "meals": {"supper": {"cutoff": "4pm"}}}, "meals.supper.cutoff: '4pm' must be a time HH:MM"),
        ({"bot": {}, "meals": {"late": {"cutoff": "21:00", "cutoff_before": 90}}}, "meals.late: give either cutoff"),
        ({"bot": {}, "meals": {"lunch": {}}}, "meals.lunch: unknown key"),
        ({"bot": {}, "meals": {"supper": {"allowance": -5}}}, "meals.supper.allowance"),
        ({"bot": {"colour": "red"}}, "bot.colour: unknown key"),
    ],
)
def test_problems_name_the_key(data, fragment):
    with pytest.raises(SettingsError) as err:
        parse_settings(data)
    assert any(fragment in p for p in err.value.problems), err.value.problems


def test_all_problems_reported_at_once():
    with pytest.raises(SettingsError) as err:
        parse_settings({"bot": {"timezone": "X/Y", "language": "fr"}, "cues": {"grace_minutes": 9999}})
    assert len(err.value.problems) == 3


def test_token_from_env_or_file_never_toml(tmp_path):
    s = parse_settings({"bot": {}})
    assert s.token({"DISCORD_TOKEN": " abc "}) == "abc"
    secret = tmp_path / "token"
    secret.write_text("from-file\n")
    assert s.token({"DISCORD_TOKEN_FILE": str(secret)}) == "from-file"
    s2 = parse_settings({"bot": {"token_file": str(secret)}})
    assert s2.token({}) == "from-file"
    with pytest.raises(SettingsError) as err:
        s.token({})
    assert "DISCORD_TOKEN" in str(err.value)


def test_check_config_cli(tmp_path, capsys):
    from bot.__main__ import main

    assert main(["check-config", str(ROOT / "config.example.toml")]) == 0
    assert capsys.readouterr().out.strip() == "ok"
    bad = tmp_path / "bad.toml"
    bad.write_text('[bot]\ntimezone = "Nowhere/Place"\n')
    assert main(["check-config", str(bad)]) == 1
    assert "bot.timezone" in capsys.readouterr().out
    assert main(["check-config", str(tmp_path / "missing.toml")]) == 1
    assert "file not found" in capsys.readouterr().out


def test_standby_settings():
    s = parse_settings({"bot": {}})
    assert s.standby.escalation_minutes == 3 and s.standby.escalation == ("channel", "head", "ad")
    assert s.standby.actor_lead_minutes == 15
    s = parse_settings({"bot": {}, "standby": {"escalation_minutes": 5, "escalation": ["channel", "ad"], "actor_lead_minutes": 20}})
    assert (s.standby.escalation_minutes, s.standby.escalation, s.standby.actor_lead_minutes) == (5, ("channel", "ad"), 20)
    assert parse_settings({"bot": {}, "standby": {"escalation": []}}).standby.escalation == ()
    with pytest.raises(SettingsError) as err:
        parse_settings({"bot": {}, "standby": {"escalation": ["sms"], "escalation_minutes": 0, "colour": 1}})
    assert {p.split(":")[0] for p in err.value.problems} == {"standby.escalation", "standby.escalation_minutes", "standby.colour"}
    s = parse_settings({"bot": {}, "standby": {"auto": ["actor"], "auto_escalation": []}})
    assert (s.standby.auto, s.standby.auto_escalation) == (("actor",), ())
    with pytest.raises(SettingsError):
        parse_settings({"bot": {}, "standby": {"auto": ["everything"]}})


def test_change_minutes_per_department_in_calls():
    s = parse_settings({"bot": {}})
    assert s.call_rules.changes == {"wardrobe": 10, "makeup": 15}
    s = parse_settings({"bot": {}, "calls": {"change_minutes": {"wardrobe": 20}, "wardrobe": -60}})
    assert s.call_rules.changes == {"wardrobe": 20, "makeup": 15} and s.call_offsets["wardrobe"] == -60
    assert load_settings(ROOT / "config.example.toml").call_rules.changes == {"wardrobe": 10, "makeup": 15}
    with pytest.raises(SettingsError) as err:
        parse_settings({"bot": {}, "calls": {"change_minutes": {"wardrobe": -5, "hair": 10}}})
    assert {p.split(":")[0] for p in err.value.problems} == {"calls.change_minutes.wardrobe", "calls.change_minutes.hair"}
    with pytest.raises(SettingsError) as err:  # moved: the call sheet and the live day count it, not only the standby
        parse_settings({"bot": {}, "standby": {"change_minutes": 15}})
    assert "standby.change_minutes" in str(err.value) and "[calls.change_minutes]" in str(err.value)


def test_meal_rules_default_and_configured():
    s = parse_settings({"bot": {}})
    supper, late = s.meals.rule("supper"), s.meals.rule("late")
    assert (supper.cutoff, supper.cutoff_before, supper.allowance) == (None, 150, 2500)
    assert late.cutoff_before == 180 and s.meals.canteen_language == "zh-CN"
    with pytest.raises(SettingsError) as err:  # the meal's time is the timeline's, never a setting
        parse_settings({"bot": {}, "meals": {"late": {"serve": "00:30"}}})
    assert "meals.late.serve" in str(err.value) and "/shoot meal" in str(err.value)
    s = parse_settings({"bot": {}, "meals": {"supper": {"cutoff": "16:00", "allowance": 30}, "late": {"cutoff_before": 120}},
                        "guilds": [{"id": G, "canteen_channel_id": G}]})
    assert (s.meals.rule("supper").cutoff, s.meals.rule("supper").cutoff_before, s.meals.rule("supper").allowance) == ("16:00", None, 3000)
    assert s.meals.rule("late").cutoff_before == 120 and s.guilds[G].canteen_channel_id == G
    assert (supper.min_lead, supper.late_window) == (30, 20)  # the kitchen's lead time; orders opened late stay open 20 min
    s = parse_settings({"bot": {}, "meals": {"late": {"late_window": 15, "min_lead": 45}}})
    assert (s.meals.rule("late").late_window, s.meals.rule("late").min_lead) == (15, 45)
    with pytest.raises(SettingsError) as err:
        parse_settings({"bot": {}, "meals": {"supper": {"late_window": 2}}})
    assert "meals.supper.late_window" in str(err.value)


def test_rest_rules_default_per_production_and_wrap_out():
    s = parse_settings({"bot": {}})
    assert s.rest.rules == "turnaround12" and s.rest_rules_of(None, "X") == ("turnaround12", None) and s.report.episode_minutes == 1.0
    s = parse_settings({"bot": {}, "rest": {"rules": "china", "wrap_out": {"lighting": 30}}, "report": {"episode_minutes": 1.5},
                        "guilds": [{"id": G, "productions": [{"code": "uk1", "rest_rules": "uk"},
                                                             {"code": "OWN", "rest_rules": "custom", "min_rest_hours": 10}]}]})
    assert s.rest.wrap_out == {"lighting": 30} and s.report.episode_minutes == 1.5
    assert s.rest_rules_of(G, "UK1") == ("uk", None) and s.rest_rules_of(G, "OWN") == ("custom", 10.0) and s.rest_rules_of(G, "CEO1") == ("china", None)
    assert load_settings(ROOT / "config.example.toml").rest.wrap_out == {"lighting": 30, "art": 30}


@pytest.mark.parametrize(
    "data, fragment",
    [
        ({"bot": {}, "rest": {"rules": "eu"}}, "rest.rules: 'eu' is not a rule pack"),
        ({"bot": {}, "rest": {"rules": "custom"}}, "rest.rules: the custom pack needs min_rest_hours"),
        ({"bot": {}, "rest": {"min_rest_hours": 30}}, "rest.min_rest_hours"),
        ({"bot": {}, "rest": {"wrap_out": {"grips": 20}}}, "rest.wrap_out.grips: unknown department"),
        ({"bot": {}, "report": {"episode_minutes": 0}}, "report.episode_minutes"),
        ({"bot": {}, "guilds": [{"id": G, "productions": [{"code": "B2", "rest_rules": "custom"}]}]}, "rest_rules: the custom pack needs"),
    ],
)
def test_rest_problems_name_the_key(data, fragment):
    with pytest.raises(SettingsError) as err:
        parse_settings(data)
    assert any(fragment in p for p in err.value.problems), err.value.problems
