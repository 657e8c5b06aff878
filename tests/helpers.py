"""What many test modules share: the values a browser would post from an admin form, and the
addresses of admin pages built by name."""

from html.parser import HTMLParser


class FormData(HTMLParser):
    """Collects the values a browser would submit from the first form with method=post."""

    def __init__(self):
        super().__init__()
        self.data, self.in_form, self.textarea, self.select = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form or "name" not in attrs and tag not in ("option",):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.data.setdefault(attrs["name"], []).append(
                    attrs.get("value", "on" if kind == "checkbox" else "")
                )
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data[self.textarea] = [""]
        elif tag == "select":
            self.select = attrs["name"]
            self.data.setdefault(self.select, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][0] += data


def form_data(response):
    parser = FormData()
    parser.feed(response.content.decode())
    data = parser.data
    for name, value in data.items():
        if name in data and len(value) == 1:
            data[name] = value[0]
    for name, value in data.items():
        if isinstance(value, str) and value.startswith("\n"):
            data[name] = value[1:]  # browsers drop the newline right after <textarea>
    return data
