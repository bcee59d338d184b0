"""What a browser would post: the fields of a page's form, read from its HTML.

`form_fields(html, action)` finds the form that posts to `action` (or, on a form page, the form that posts to the
page itself: no `action` or an empty one) and returns its fields as the browser would send them, with what the page
filled in: hidden fields (the edit `version`, a formset's management form), text, numbers and dates as shown, the
selected option of a select (else its first), checked boxes and radios, a textarea's text. File inputs are named in
`files` (the caller decides what to upload). Forms that post elsewhere (logging out, choosing a language) are never
taken for the page's form.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Forms of the base page that are not the page's own.
NOT_THE_PAGES_FORM = ("/uitloggen/", "/i18n/setlang/")


@dataclass
class Form:
    action: str
    data: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # name → input type, "select", "textarea"
    options: dict[str, list[str]] = field(default_factory=dict)  # name → the values a select or radio offers
    files: list[str] = field(default_factory=list)

    def add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def post_data(self) -> dict:
        """The fields as the test client posts them: one value as itself, several as a list."""
        return {name: values[0] if len(values) == 1 else values for name, values in self.data.items()}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._form = Form(action=attrs.get("action") or "")
                self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            form.kinds.setdefault(name, kind)
            if kind == "file":
                form.files.append(name)
            elif kind in ("checkbox", "radio"):
                form.options.setdefault(name, []).append(attrs.get("value") or "on")
                if "checked" in attrs:
                    form.add(name, attrs.get("value") or "on")
            elif kind in ("submit", "button", "image", "reset"):
                pass  # a named button is sent only when it is the one pressed: the caller chooses
            else:
                form.add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            form.kinds.setdefault(name, "select")
            form.options.setdefault(name, [])
        elif tag == "option" and self._select:
            self._option = attrs
            self._text = []
        elif tag == "textarea" and name:
            self._textarea = name
            form.kinds.setdefault(name, "textarea")
            self._text = []

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        form = self._form
        if tag == "form":
            self._form = None
        elif form is None:
            return
        elif tag == "option" and self._select and self._option is not None:
            value = self._option.get("value")
            value = "".join(self._text).strip() if value is None else value
            form.options[self._select].append(value)
            if self._select_first is None:
                self._select_first = value
            if "selected" in self._option:
                form.add(self._select, value)
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                form.add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            form.add(self._textarea, "".join(self._text).lstrip("\n"))
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form.action not in NOT_THE_PAGES_FORM]


def form_fields(html: str, action: str | None = None) -> Form | None:
    """The form of the page that posts to `action` (a path), or the page's own form (posting to itself); None when
    the page has no such form."""
    candidates = forms_of(html)
    if action is not None:
        for form in candidates:
            if form.action == action:
                return form
    own = [form for form in candidates if form.action in ("", ".", action)]
    return own[0] if own else None
