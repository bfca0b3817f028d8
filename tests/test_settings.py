"""config.toml: defaults, values, and errors that name the file and the key."""
from __future__ import annotations

import pytest

from trainer.errors import TrainerError
from trainer.settings import Settings, load_settings


def write(home, text):
    (home / "config.toml").write_text(text)


def test_defaults_without_a_file(home):
    assert load_settings() == Settings(0.9, 10, 200, 4, 8)


def test_values_are_read_and_other_keys_left_alone(home):
    write(home, 'desired_retention = 0.85\nnew_per_day = 5\nreviews_per_day = 50\n'
                'day_starts_at_hour = 0\nleech_lapses = 4\ntheme = "dark"\n')
    assert load_settings() == Settings(0.85, 5, 50, 0, 4)


@pytest.mark.parametrize("text,message", [
    ("new_per_day = -1", "'new_per_day' must be between 0 and 9999"),
    ("new_per_day = 2.5", "'new_per_day' must be an integer"),
    ('new_per_day = "ten"', "'new_per_day' must be an integer"),
    ("day_starts_at_hour = 24", "'day_starts_at_hour' must be between 0 and 23"),
    ("desired_retention = 1.5", "'desired_retention' must be between 0.7 and 0.99"),
    ("desired_retention = true", "'desired_retention' must be a number"),
    ("leech_lapses = 0", "'leech_lapses' must be between 1 and 999"),
    ("new_per_days = 3", "unknown key 'new_per_days' (did you mean 'new_per_day'?)"),
    ("new_per_day = ", "not valid TOML"),
])
def test_bad_values_are_clear_errors_naming_file_and_key(home, text, message):
    write(home, text)
    with pytest.raises(TrainerError) as err:
        load_settings()
    assert message in err.value.message
    assert str(home / "config.toml") in err.value.message
    assert "\n" not in err.value.message


def test_a_retention_inside_the_range_is_accepted(home):
    write(home, "desired_retention = 0.95")
    assert load_settings().desired_retention == 0.95


@pytest.mark.parametrize("text", ["[trainer]\nnew_per_day = 3\n", "new_per_day = 3\n[kata]\neditor = 'vim'\n"])
def test_a_table_is_an_error_not_silently_ignored(home, text):
    write(home, text)
    with pytest.raises(TrainerError, match=r"unknown table \[(trainer|kata)\]: settings go at the top"):
        load_settings()


def test_a_utf8_bom_is_accepted(home):
    (home / "config.toml").write_bytes(b"\xef\xbb\xbfnew_per_day = 3\n")
    assert load_settings().new_per_day == 3
