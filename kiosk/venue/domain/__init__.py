"""Pure engines over an injected `now`: no service, no HTTP, no storage of their own."""
