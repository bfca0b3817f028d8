"""Sessions: quiz, review, mock interview and drill, all on one state machine.

`machine` is the transition table; `session` runs it against a UI through the
interface in `views`; `selection` picks the cards; `scorecard` judges a mock.
"""
