"""The POS bridge: receives handoffs from kiosks, redeems each grant server-side with the
secret key, and only then hands it to the POS (a JSON API and an optional signed webhook)."""
