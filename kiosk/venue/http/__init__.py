"""The edge: one class per resource; handlers check keys, read the body, call one service."""
