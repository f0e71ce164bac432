"""The HTTP side: the Tornado application, its base handlers and the JSON API."""
