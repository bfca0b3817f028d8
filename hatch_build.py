"""Build hook: ship the bank and the katas inside the wheel, but not in an editable install.

`content/` and `katas/` are data at the top of the repository. A wheel carries them under
`trainer/_data` so an installed trainer finds them. An editable install must not: a
`trainer/_data` folder in site-packages would shadow the exact `trainer` mapping (the
import hook of `dev-mode-exact`), and the checkout's own folders are found through
`trainer.paths` anyway. `dev-mode-exact` keeps the repository root off `sys.path`, so
`import katas` or `import tests` cannot resolve to data folders of the checkout.
"""
from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class BundleData(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        build_data["force_include"]["content"] = "trainer/_data/content"
        build_data["force_include"]["katas"] = "trainer/_data/katas"
