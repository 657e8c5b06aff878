"""What you saved is what you see: after a write in admin, the editor's browser forgets the
public pages it kept.

Public pages let browsers reuse them for 60 s (web/caching.py), which is what keeps them fast;
an editor who saves and then opens the page would see the copy their browser kept. So every
admin POST that succeeds (answered by a redirect) asks the editor's browser to clear its cache
for this site (`Clear-Site-Data: "cache"`): the next page it opens is asked of the server,
whose validator already follows the content version. Readers' caching is unchanged.
"""


class SeeWhatWasSaved:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and request.path.startswith("/admin/")
            and response.status_code in (301, 302, 303)
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and request.user.is_staff
        ):
            response["Clear-Site-Data"] = '"cache"'
        return response
