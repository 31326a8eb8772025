"""The grading core, the sandbox and the catalog stay plain Python: no Django, no Celery.

Each is imported whole (every submodule) in a fresh interpreter, where nothing else has
imported Django yet, and the interpreter's sys.modules is checked.
"""

import json

import pytest

from tests.support import python_in_project

PLAIN_PACKAGES = ("grading", "sandbox", "catalog")

IMPORT_ALL = """
import importlib, json, pkgutil, sys
package = importlib.import_module({package!r})
imported = [package.__name__]
for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(info.name)
    imported.append(info.name)
print(json.dumps({{"imported": imported, "modules": sorted(sys.modules)}}))
"""


def _import_in_fresh_interpreter(package: str) -> dict:
    return json.loads(python_in_project(IMPORT_ALL.format(package=package)).splitlines()[-1])


@pytest.mark.parametrize(
    ("package", "a_submodule"),
    [
        ("labs.grading", "labs.grading.metrics"),
        ("labs.sandbox", "labs.sandbox.bubblewrap"),
        ("labs.catalog", "labs.catalog.builtin"),
    ],
)
def test_package_imports_without_django(package, a_submodule):
    result = _import_in_fresh_interpreter(package)
    # The walk really reached the submodules, so a Django import in any of them would show.
    assert a_submodule in result["imported"]
    frameworks = [
        name
        for name in result["modules"]
        if name.split(".")[0] in ("django", "celery", "config", "kombu")
    ]
    assert frameworks == []
    # Nor does it pull in the Django side of its own app (models, services, views).
    django_side = [
        name
        for name in result["modules"]
        if name.startswith("labs.") and name.split(".")[1] not in PLAIN_PACKAGES
    ]
    assert django_side == []
