"""Packaging glue pyproject.toml cannot express: one distribution whose
packages come from several roots (site/ for the core, plugins/<name>/ for each
in-tree plugin, laid out as a plugin repository of its own would be)."""

from setuptools import find_namespace_packages, setup

PLUGIN_ROOTS = [
    "plugins/petitions",
    "plugins/donations",
    "plugins/network",
    "plugins/targeting",
    "plugins/mailings",
    "plugins/organising",
    "plugins/api",
]

package_dir = {"": "site"}
# Namespace discovery also picks up the template, static and locale folders, so
# their files ship in the wheel.
packages = find_namespace_packages("site", include=["rostra", "rostra.*"])
for root in PLUGIN_ROOTS:
    for name in find_namespace_packages(root, include=["rostra_*"]):
        packages.append(name)
        if "." not in name:
            package_dir[name] = f"{root}/{name}"

setup(
    packages=packages,
    package_dir=package_dir,
    include_package_data=True,
    package_data={
        "": [
            "*.html",
            "*.txt",
            "*.css",
            "*.js",
            "*.svg",
            "*.woff2",
            "*.po",
            "*.mo",
            "*.json",
            "*.csv",
            "*.gz",
        ]
    },
)
