"""The venue server, in three layers (see DESIGN.md, "Structure"):

- `domain/`: pure engines over `now` (queue, draw, auction, appointment, timed release,
  waitlists, grants, access, identity, otp, routing, fairness) and one `RefusedError`;
- `services/` over `state.py` and `unit_of_work.py`: one tick and one commit per request,
  assembled by `venue.Venue` and, with every mechanism loaded, `service.VenueService`;
- `http/`: the edge, one class per resource; refusal kinds become statuses in `errors.py`.

`mechanisms.py` lists every mechanism once (`MECHANISMS`): its engine loader and factory,
its demo (`demos.py`), its routes and its OpenAPI paths. Storage is `store.py`.
"""
