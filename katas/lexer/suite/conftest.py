"""Hidden suite for the `lexer` kata: loads the learner's solution as `lexer`.

Everything the three suites share lives in katas/_suite_support.py, loaded by
path so that it is never importable by the learner's code.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "_kata_suite_support"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        _NAME, Path(__file__).resolve().parents[2] / "_suite_support.py")
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])

globals().update(sys.modules[_NAME].suite_plugin("lexer"))
