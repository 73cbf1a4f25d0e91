"""Build hook: compile the translation catalogs into the wheel.

The compiled .mo files are not committed; without this hook a wheel built from a
fresh clone would show English msgids instead of French.
"""

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in Path(self.root, "translations").glob("*/LC_MESSAGES/*.po"):
            with po_path.open("rb") as po:
                catalog = read_po(po, locale=po_path.parts[-3])
            with po_path.with_suffix(".mo").open("wb") as mo:
                write_mo(mo, catalog, use_fuzzy=False)
