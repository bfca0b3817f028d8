"""Stored instants: one fixed-width UTC text format, read back strictly (and fast)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from trainer.store.timefmt import from_db, to_db


def test_round_trip_is_exact_and_in_utc():
    at = datetime(2026, 3, 29, 1, 59, 59, 999_999, tzinfo=timezone(timedelta(hours=2)))
    text = to_db(at)
    assert text == "2026-03-28T23:59:59.999999Z"
    back = from_db(text)
    assert back == at and back.tzinfo is UTC


def test_text_order_is_time_order():
    times = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(microseconds=7 ** i) for i in range(12)]
    assert sorted(map(to_db, times)) == list(map(to_db, sorted(times)))


@pytest.mark.parametrize("text", [
    "soon", "", "2026-01-31", "2026-01-31T09:15:00Z", "2026-01-31 09:15:00.000000Z",
    "2026-01-31T09:15:00.000000", "2026-01-31T09:15:00.000000Z\n", "2026-01-31T09:15:00.000000+00:00",
    "2026-02-30T09:15:00.000000Z", "2026-01-31T24:00:00.000000Z", "٢٠٢٦-01-31T09:15:00.000000Z",
])
def test_anything_but_the_format_is_a_value_error(text):
    with pytest.raises(ValueError):
        from_db(text)


def test_a_non_text_value_is_a_type_error():
    with pytest.raises(TypeError):
        from_db(None)  # type: ignore[arg-type]
