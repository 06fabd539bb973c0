"""The consumer API's bodies as pydantic models, shared by the SDK and the venue server.

Imports nothing of ours. Tested against Fanfare's published OpenAPI file
(`tests/contract/fanfare-consumer-api.json`).
"""
