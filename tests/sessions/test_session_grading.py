"""Sessions grade each answer once, outside the store's write transaction, and keep the grade."""
from __future__ import annotations

from tests.helpers.scripted_ui import ScriptedUI
from trainer.sessions.session import Session
from trainer.sessions.views import Reply, RevealReply

WRONG = ("atomic.Pointer makes the read and the write atomic, so two goroutines can never both "
         "move from pending to paid")


def test_the_grade_is_computed_outside_the_transaction_and_stored(ctx, clock, monkeypatch):

    bank, store, scheduler = ctx
    import trainer.grading as grading

    real = grading.grade
    calls = []

    def spy(card, answer, bank_):
        calls.append(bool(store.in_transaction))
        return real(card, answer, bank_)

    monkeypatch.setattr(grading, "grade", spy)
    s = Session.new(store, bank, scheduler, "quiz", ["q14-concurrency"], title="t", clock=clock)
    ui = ScriptedUI.of([Reply("answer", WRONG, 10)], [RevealReply("grade", 2)])
    s.run(ui)
    assert calls == [False], "graded once, with no write transaction open"
    entry = store.load_session(s.id).payload["answers"][0]
    assert entry["grade"]["misconceptions"][0]["id"] == "atomic-makes-it-safe"
    assert entry["suggested"] <= 2
    fb = ui.feedback[0]
    assert [m.id for m in fb.misconceptions] == ["atomic-makes-it-safe"] and fb.suggested <= 2
