"""The learner's scheduling settings, read from `<home>/config.toml`.

Every setting has a default, so the file is optional. A value of the wrong
type or out of range is a `TrainerError` naming the file and the key: a
silently ignored typo in a limit would quietly change what a learner is
shown for weeks. Keys this module does not own are left alone (other
features may add their own), except near-misses of ours, which are
reported as likely typos; a table (`[name]`) is always an error, since
every setting is a top-level key and a table header would swallow them.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from trainer.errors import TrainerError

CONFIG_FILENAME = "config.toml"
MAX_CONFIG_BYTES = 1 << 20


@dataclass(frozen=True)
class Settings:
    """Scheduling knobs (see README, "Settings")."""

    desired_retention: float = 0.9  # target chance of recalling a card when it comes due
    new_per_day: int = 10           # new cards introduced per day
    reviews_per_day: int = 200      # answers to already-seen cards per day (new ones count too)
    day_starts_at_hour: int = 4     # local hour at which "today" rolls over, like Anki
    leech_lapses: int = 8           # lapses that make a card a leech (suspended)


# key -> (type, low, high): inclusive bounds
_RULES: dict[str, tuple[type, float, float]] = {
    "desired_retention": (float, 0.7, 0.99),
    "new_per_day": (int, 0, 9999),
    "reviews_per_day": (int, 0, 99999),
    "day_starts_at_hour": (int, 0, 23),
    "leech_lapses": (int, 1, 999),
}


def config_path(home: Path | None = None) -> Path:
    if home is None:
        from trainer import paths

        home = paths.home_dir()
    return home / CONFIG_FILENAME


def load_settings(home: Path | None = None) -> Settings:
    """Settings from `<home>/config.toml`, defaults for what it does not say."""
    path = config_path(home)
    if not path.exists():
        return Settings()
    import tomllib

    from trainer.paths import NotAFile, read_regular

    try:  # a regular file of bounded size: never a device, a FIFO or a symlink to one
        raw = read_regular(path, MAX_CONFIG_BYTES)
        data = tomllib.loads(raw.decode("utf-8-sig"))  # a BOM is fine
    except tomllib.TOMLDecodeError as exc:
        raise TrainerError(f"{path}: not valid TOML ({exc})") from None
    except NotAFile as exc:
        raise TrainerError(f"cannot read the settings: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainerError(f"cannot read {path}: {exc}") from None
    return settings_from_dict(data, source=str(path))


def settings_from_dict(data: dict[str, Any], source: str = CONFIG_FILENAME) -> Settings:
    """Validate a parsed config table into `Settings` (errors name `source` and the key)."""
    ours = {f.name for f in fields(Settings)}
    values = {}
    for key, value in data.items():
        if isinstance(value, dict):  # `[trainer]` above our keys would hide them all
            raise TrainerError(f"{source}: unknown table [{key}]: settings go at the top of the "
                               "file, without a [table] header")
        if key not in ours:
            close = difflib.get_close_matches(key, ours, n=1, cutoff=0.8)
            if close:
                raise TrainerError(f"{source}: unknown key '{key}' (did you mean '{close[0]}'?)")
            continue
        kind, low, high = _RULES[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                kind is int and not isinstance(value, int)):
            raise TrainerError(
                f"{source}: '{key}' must be {'an integer' if kind is int else 'a number'}"
                f" between {_fmt(low)} and {_fmt(high)}, not {value!r}")
        if not low <= value <= high:
            raise TrainerError(
                f"{source}: '{key}' must be between {_fmt(low)} and {_fmt(high)}, not {value!r}")
        values[key] = kind(value)
    return Settings(**values)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
