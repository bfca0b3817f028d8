"""trainer: a terminal trainer for State-pattern and finite-state-machine interviews."""

__version__ = "0.1.0"
