"""Sessions: quiz, review, mock interview and drill, all on one state machine.

`session_machine` is the transition table; `session` runs it against a UI through
the interface in `views`; `payload` is what a session keeps (typed records, JSON
only at the store); `selection` picks the cards; `scorecard` judges a mock.
"""
