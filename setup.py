"""Build hook: the wheel carries the repository's top-level resources/ as kiosk/_resources.

The metadata lives in pyproject.toml. Only the package list is computed here: setuptools
cannot both find packages (kiosk*, ui*) and map one more package to a folder elsewhere,
and resources/ stays at the repository's top (catalogue, translations, fonts, theme).
kiosk.paths.resources_dir() looks for it beside the packages (checkout), inside kiosk
(installed wheel), or inside a PyInstaller build.
"""

from pathlib import Path

from setuptools import find_packages, setup

RESOURCES = "kiosk._resources"
# Each folder of resources/ with a name Python could import is declared as a package
# (setuptools warns about data folders that look like undeclared packages); the "**"
# pattern below ships every file, whatever its folder is called.
folders = [p.relative_to("resources") for p in sorted(Path("resources").rglob("*"))
           if p.is_dir() and all(part.isidentifier() for part in p.relative_to("resources").parts)]

setup(
    packages=[*find_packages(include=["kiosk", "kiosk.*", "ui", "ui.*"]), RESOURCES,
              *(".".join((RESOURCES, *folder.parts)) for folder in folders)],
    package_dir={RESOURCES: "resources"},
    package_data={RESOURCES: ["**/*"]},
)
