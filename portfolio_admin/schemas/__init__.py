"""One pydantic module per resource: its input, output, nested output and list query.

Input schemas hold each field's rules once, for the API and the admin forms; output
schemas are the one source of each response's keys and their order (``api/output.py``
builds the responses from them, ``api/openapi.py`` describes them). ``common.py`` holds
what every resource shares.
"""
