"""Files people take elsewhere: Anki packages and Markdown scorecards.

Each module here turns the trainer's own records into another format and
never touches the terminal; the CLI picks the file and reports.
"""
