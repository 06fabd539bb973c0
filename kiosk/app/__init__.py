"""The kiosk app: Qt glue only. The composition root (`main`), view-models, the QML engine,
screenshots. The only package that imports PySide6; importing this package itself does not.
"""
