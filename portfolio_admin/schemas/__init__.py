"""One pydantic module per resource: its input, output, nested output and list query.

Input schemas hold each field's rules once, for the API and the admin forms; output
schemas describe each response, field order being output order. ``common.py`` holds
what every resource shares.
"""
