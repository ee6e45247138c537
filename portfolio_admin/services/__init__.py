"""What the app does, as plain functions over plain values.

Both the JSON API and the admin UI call these; none of them touches the request.
Services add and flush; the caller commits once, when the whole request succeeded.
"""
