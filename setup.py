"""Only what pyproject.toml cannot say: `resources/` ships inside the package as
`kiosk.resources` (QML, fonts, translations), for wheels, editable installs and bundles."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["kiosk", "kiosk.*"]), "kiosk.resources"],
    package_dir={"kiosk.resources": "resources"},
    package_data={
        "kiosk": ["py.typed"],
        "kiosk.resources": [
            "qml/Kiosk/*",
            "qml/Kiosk/*/*",  # screens/ and components/
            "fonts/*",
            "translations/*.qm",
            "images/*",
            "icons/*.svg",
            "brand/*",
        ],
    },
)
