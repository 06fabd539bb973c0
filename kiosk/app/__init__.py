"""The kiosk app: Qt glue only. The composition root (`main`), the kiosk's view-models and
the QML engine. Importing this package itself does not import PySide6.
"""
