"""The shared leaf: time, tasks, instants, money, backoff, SQLite transactions, the ASGI shell.

Imports nothing of ours; every other part may import it.
"""
