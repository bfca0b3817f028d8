"""Katas checked by hidden test suites: what a check is, how it runs, what it records.

Nothing here touches the terminal; the CLI (`trainer.cli.kata*`) renders. The
submodules are imported on demand (`from trainer.kata_runner.runner import ...`)
so that importing this package costs nothing. By job:

* the katas: `catalog` (kata.yaml), `workspace` (the learner's files), `manifest`
  (the suite's recorded test ids), `watcher` (saves of a file);
* a Python check: `runner` (CheckRun) -> `supervise` (clocks, restarts, the phases of
  `check_machine`) -> `attempt`
  (the judge and the sandboxed worker) -> `judge` / `worker` / `rpc` / `sandbox`;
  `protocol` (the judge's typed events), `results` (the verdict's rules), `blame`
  (why a process ended), `limits`, `events` (what the caller sees);
* a Go check: `golang` (GoCheckRun and its toolchain, same events);
* the outcome: `report` (Report, the Exercism JSON), `digest` (failures grouped),
  `progress` (recording a run in the store, a kata's standing).
"""
