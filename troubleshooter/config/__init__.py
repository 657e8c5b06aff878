"""The project's configuration: settings from the environment, the URL map, WSGI and ASGI entry points."""
