"""Developer and build tools that ship beside the kiosk but are never part of its runtime.

`screenshot` renders any screen from `fixtures` (a journey view for every screen), and
`selftest` walks the embedded demo to `granted` (the frozen bundle's smoke test). Only the
`kiosk` command's entry points import this package, lazily, inside the function that runs the
command; the session, the app runtime, the SDK, the venue server and the POS code never do.
"""
