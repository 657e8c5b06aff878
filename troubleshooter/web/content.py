"""`request.content`: the content version and its snapshot, read at most once per request."""

from functools import cached_property

from troubleshooter import snapshot


class RequestContent:
    @cached_property
    def version(self):
        return snapshot.content_version()

    @cached_property
    def snapshot(self):
        return snapshot.current(self.version)


class ContentMiddleware:
    """Gives every request `request.content` (like `request.user`): `.version`, one query on
    first use, and `.snapshot`, the plain data the engines run on for that version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.content = RequestContent()
        return self.get_response(request)
