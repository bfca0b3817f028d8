"""Helpers shared by tests in several directories, imported absolutely (`from tests.helpers.x import y`).

Fixtures stay in conftest.py files; plain values, fakes and functions live here.
"""
