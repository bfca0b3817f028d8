"""The screens: every session talks to a UI through the interface in `trainer.sessions.views`.

`terminal` (full screen: rich + prompt_toolkit) and `plain` (line by line, for scripts and
screen readers) implement it for quiz, review, mock and drill; `interview_terminal` and
`interview_plain` for the interview. The rest are their pieces: `session_screens` (rich
renderables), `terminal_input` (keys, answer box, pager), `countdown`, `session_text` and
`interview_text` (plain-text lines both UIs print), `line_io`, `wordwrap`, `cards`, and
`console` (the one rich Console factory, used by the command layer too).

Imports point down only: ui imports sessions' views, the bank and the grading records,
never `trainer.cli`. Nothing here is imported at start-up.
"""
