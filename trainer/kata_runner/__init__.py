"""Katas checked by hidden pytest suites: catalog, workspace, runner, report.

Nothing here touches the terminal; the CLI (`trainer.cli.kata`) renders. The
submodules are imported on demand (`from trainer.kata_runner.runner import ...`)
so that importing this package costs nothing.
"""
