"""Input schemas: each field's rules, written once, used by the API and the admin forms."""
