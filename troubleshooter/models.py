"""Status codes and their causes, with markdown stored as written and rendered once on save."""

import contextvars
import datetime
import hashlib
import json
import re
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import F, Q, signals
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from troubleshooter.engine.platforms import PLATFORMS
from troubleshooter.format.markup import markdown_errors, render_markdown
from troubleshooter.format.profiles import SLUG_RE, parse_profile, profile_errors
from troubleshooter.format.questions import applies_errors, parse_applies, parse_detect
from troubleshooter.format.schema import (
    ATTRIBUTE,
    CODES,
    HELP,
    INT,
    KEY,
    LINE,
    LIST,
    MARKDOWN,
    META,
    SECTION,
    Synced,
    content_fields,
    split_lines,
)

validate_slug = RegexValidator(SLUG_RE, "Use lowercase letters, digits and single hyphens.")
REVIEWED_RE = re.compile(r"^\d{4}-\d{2}-\d{2} by \S.*$")  # "2026-12-06 by Name"
SEEN_AS_RE = re.compile(r"([0-9]{1,3}): (\S.*)")  # "404: when the bucket policy hides it"
RFC_RE = re.compile(r"^RFC (\d+)(?:, Section ([0-9.]+))?")


def normalize_text(text):
    """Markdown as the files hold it: LF line endings, no trailing spaces, no outer blank lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def digest(fields):
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


class Commonness(models.TextChoices):
    COMMON = "common", "Common"
    OCCASIONAL = "occasional", "Occasional"
    RARE = "rare", "Rare"


class CodeClass(models.IntegerChoices):
    NO_RESPONSE = 0, "No status code"
    INFORMATIONAL = 1, "1xx Informational"
    SUCCESSFUL = 2, "2xx Successful"
    REDIRECTION = 3, "3xx Redirection"
    CLIENT_ERROR = 4, "4xx Client error"
    SERVER_ERROR = 5, "5xx Server error"


# One save, one history entry: every history record written while one admin request (or one
# `one_save()` block, e.g. a content load) runs carries the same key, so the history lists a
# save once with every row it touched, and "undo this save" finds them all.
_save_key = contextvars.ContextVar("history_save", default="")


@contextmanager
def one_save(key=None):
    """Group the history records written inside the block as one save."""
    token = _save_key.set(key or uuid.uuid4().hex)
    try:
        yield _save_key.get()
    finally:
        _save_key.reset(token)


def current_save_key():
    key = _save_key.get()
    if key:
        return key
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return ""
    if not getattr(request, "history_save", ""):
        request.history_save = uuid.uuid4().hex
    return request.history_save


class HistorySave(models.Model):
    """The save a history record belongs to (see `one_save`)."""

    history_save = models.CharField(max_length=32, blank=True, default="", db_index=True)

    class Meta:
        abstract = True


def mark_save(sender, history_instance, **kwargs):
    if hasattr(history_instance, "history_save") and not history_instance.history_save:
        history_instance.history_save = current_save_key()


pre_create_historical_record.connect(mark_save, dispatch_uid="history-save-groups")


def next_version(row):
    """Every save of an existing row moves its version past the stored one (also a revert,
    whose copy carries an old number), so a form opened before it is recognised as stale."""
    stored = None
    if row.pk is not None:
        stored = type(row)._base_manager.filter(pk=row.pk).values_list("version", flat=True)
        stored = stored.first()
    if stored is None:
        # A row restored after a deletion goes on from the version it had.
        stored = getattr(row, "_restored_version", 0)
    row.version = stored + 1


def save_kwargs(kwargs):
    """A save limited to some fields still writes the new version."""
    if kwargs.get("update_fields") is not None:
        kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
    return kwargs


class ContentModel(models.Model):
    """A row that a content file describes, field by field as its SYNCED tuple lists them.

    Markdown fields are rendered into their `<name>_html` twins on save; the digest of the
    synced fields at the last load tells staff edits apart; every change is kept in history.
    """

    SYNCED = ()

    loaded_digest = models.CharField(max_length=64, blank=True, editable=False)
    version = models.PositiveIntegerField(
        default=1, help_text="Counts saves; a form based on an older version is refused."
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # the content version reads MAX
    history = HistoricalRecords(inherit=True, excluded_fields=["updated_at"], bases=[HistorySave])

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        editable = [f for f in cls.SYNCED if f.place != KEY]
        cls.MARKDOWN_FIELDS = tuple(f.name for f in editable if f.kind == MARKDOWN)
        cls.LINE_FIELDS = tuple(f.name for f in editable if f.kind == LINE)
        cls.LIST_FIELDS = tuple(f.name for f in editable if f.kind == LIST)
        # Lists of regular expressions keep their own "|": only the separator between spaces
        # would split an item in the file.
        cls.EXACT_FIELDS = tuple(f.name for f in editable if f.kind == LIST and f.exact)

    def save(self, *args, **kwargs):
        self.normalize()
        for name in self.MARKDOWN_FIELDS:
            setattr(self, f"{name}_html", render_markdown(getattr(self, name)))
        next_version(self)
        super().save(*args, **save_kwargs(kwargs))

    def clean(self):
        super().clean()
        self.normalize()
        errors = {}
        for name in self.MARKDOWN_FIELDS:
            problems = markdown_errors(getattr(self, name))
            if problems:
                errors[name] = problems
        for name in self.LINE_FIELDS:
            if "\n" in getattr(self, name) or "\r" in getattr(self, name):
                errors[name] = "Must be a single line."
        for name in self.LIST_FIELDS:
            items = split_lines(getattr(self, name))
            if name in self.EXACT_FIELDS:
                if any(" | " in item for item in items):
                    errors[name] = (
                        "Items may not contain ' | ' (a bar between spaces); put one item per line."
                    )
            elif any("|" in item for item in items):
                errors[name] = "Items may not contain '|'; put one item per line."
        for f in self.SYNCED:
            if f.name not in errors and f.place != KEY and f.kind != CODES:
                problems = f.problems(f.document_value(getattr(self, f.name)))
                if problems:
                    errors[f.name] = problems
        if errors:
            raise ValidationError(errors)

    def normalize(self):
        for name in self.MARKDOWN_FIELDS + self.LIST_FIELDS:
            setattr(self, name, normalize_text(getattr(self, name)))
        for name in self.LIST_FIELDS:
            setattr(self, name, "\n".join(split_lines(getattr(self, name))))
        for name in self.LINE_FIELDS:
            setattr(self, name, getattr(self, name).strip())

    @property
    def is_edited(self):
        """True when the row differs from what the last content load wrote."""
        return self.loaded_digest != self.content_digest()

    def content_fields(self):
        return content_fields(self, self.SYNCED)

    def content_digest(self):
        return digest(self.content_fields())


class StatusCodeQuerySet(models.QuerySet):
    def for_page(self):
        return self.prefetch_related(
            "causes",
            models.Prefetch("related", queryset=StatusCode.objects.only("code", "phrase")),
            models.Prefetch("confused", queryset=StatusCode.objects.only("code", "phrase")),
        )


class StatusCode(ContentModel):
    code = models.PositiveSmallIntegerField(unique=True)
    code_class = models.PositiveSmallIntegerField("class", choices=CodeClass, editable=False)
    phrase = models.CharField(
        max_length=100, help_text="Official reason phrase (RFC 9110 spelling)."
    )
    aliases = models.TextField(blank=True, help_text="Former or other names, one per line.")
    vendor = models.CharField(
        max_length=60, blank=True, help_text="Empty for registered codes; else who uses it."
    )
    spec = models.CharField(
        "specification", max_length=200, help_text="e.g. “RFC 9110, Section 15.5.5”."
    )
    summary = models.CharField(max_length=300, help_text="One line, shown in the index.")
    explanation = models.TextField(help_text="Markdown.")
    explanation_html = models.TextField(editable=False, default="")
    header_names = models.TextField(
        "headers", blank=True, help_text="Header names that matter, one per line."
    )
    headers_note = models.TextField("about the headers", blank=True, help_text="Markdown.")
    headers_note_html = models.TextField(editable=False, default="")
    example = models.TextField(blank=True, help_text="Markdown: a request and its response.")
    example_html = models.TextField(editable=False, default="")
    in_code = models.TextField(
        "in code", blank=True, help_text="Markdown: the constant in each ecosystem, how to send it."
    )
    in_code_html = models.TextField(editable=False, default="")
    confused_note = models.TextField(
        "commonly confused", blank=True, help_text="Markdown: how it differs from the codes below."
    )
    confused_note_html = models.TextField(editable=False, default="")
    sources = models.TextField(
        blank=True,
        help_text="Primary sources for what the page says (the defining RFC section, the "
        "vendor's documentation), one URL per line.",
    )
    reviewed = models.CharField(
        "last reviewed",
        max_length=120,
        blank=True,
        validators=[RegexValidator(REVIEWED_RE, "Write “2026-12-06 by Name”.")],
        help_text="When the page was last checked against its sources, and by whom: "
        "“2026-12-06 by Name” (not the author of the change).",
    )
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", help_text="Related codes."
    )
    confused = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name="commonly confused with",
    )
    _history_m2m_fields = ["related", "confused"]  # links are kept in the history too
    SYNCED = (
        Synced("code", META, "code", INT, required=True, always=True),
        Synced("phrase", META, "phrase", required=True, always=True),
        Synced("aliases", META, "aliases", LIST, " | ", always=True),
        Synced("vendor", META, "vendor", always=True),
        Synced("spec", META, "spec", required=True, always=True),
        Synced("summary", META, "summary", required=True, always=True),
        Synced("header_names", META, "headers", LIST, ", ", always=True),
        Synced("related", META, "related", CODES, ", ", always=True),
        Synced("confused", META, "confused", CODES, ", ", always=True),
        Synced("sources", META, "sources", LIST, " | ", urls=True),
        Synced(
            "reviewed",
            META,
            "reviewed",
            item_pattern=REVIEWED_RE.pattern,
            item_form="“2026-12-06 by Name”",
        ),
        Synced("explanation", SECTION, "Explanation", MARKDOWN, required=True),
        Synced("headers_note", SECTION, "Headers", MARKDOWN),
        Synced("example", SECTION, "Example", MARKDOWN),
        Synced("in_code", SECTION, "In code", MARKDOWN),
        Synced("confused_note", SECTION, "Commonly confused", MARKDOWN),
    )

    objects = StatusCodeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code=0) | Q(code__gte=100, code__lte=599), name="status_code_in_range"
            ),
            models.CheckConstraint(
                condition=Q(code__gte=F("code_class") * 100, code__lt=F("code_class") * 100 + 100),
                name="status_code_class_matches_code",
            ),
            models.CheckConstraint(condition=~Q(phrase=""), name="status_code_phrase_not_empty"),
        ]

    def __str__(self):
        return f"{self.code} {self.phrase}"

    def save(self, *args, **kwargs):
        self.code_class = self.code // 100
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("code", args=[self.code])

    @property
    def is_vendor(self):
        return bool(self.vendor)

    @property
    def alias_list(self):
        return split_lines(self.aliases)

    @property
    def header_list(self):
        return split_lines(self.header_names)

    @property
    def source_list(self):
        return split_lines(self.sources)

    @property
    def reviewed_on(self):
        """The date of the last review, or None."""
        if not REVIEWED_RE.match(self.reviewed):
            return None
        return datetime.date.fromisoformat(self.reviewed[:10])

    @property
    def reviewed_by(self):
        return self.reviewed[14:] if REVIEWED_RE.match(self.reviewed) else ""

    @property
    def spec_url(self):
        match = RFC_RE.match(self.spec)
        if not match:
            return ""
        number, section = match.groups()
        url = f"https://www.rfc-editor.org/rfc/rfc{number}.html"
        return f"{url}#section-{section}" if section else url


class Cause(ContentModel):
    status_code = models.ForeignKey(StatusCode, on_delete=models.CASCADE, related_name="causes")
    position = models.PositiveSmallIntegerField(default=0, help_text="Causes show in this order.")
    slug = models.SlugField(
        max_length=80,
        validators=[validate_slug],
        help_text="Unique within the code; used in links.",
    )
    title = models.CharField(max_length=200)
    signals = models.TextField(
        blank=True,
        help_text="Fragments of messages, log lines or headers that point to this cause, one per line.",
    )
    commonness = models.CharField(
        max_length=10,
        choices=Commonness,
        blank=True,
        help_text="How often people meet this cause among the causes of its code.",
    )
    platforms = models.TextField(
        blank=True,
        help_text="Platforms this cause is specific to, one per line; empty for a general cause. "
        f"Known: {', '.join(PLATFORMS)}.",
    )
    sources = models.TextField(
        blank=True,
        help_text="Primary sources (RFC sections, vendor documentation), one URL per line.",
    )
    seen_as = models.TextField(
        "seen as",
        blank=True,
        help_text="Other codes this cause shows up as, one per line: “404: when …”, the code "
        "and when a client sees it under that code (another layer, client or vendor).",
    )
    described_as = models.TextField(
        "described as",
        blank=True,
        help_text="Short phrases people use when they report it, one per line (“works locally "
        "but not after deploy”). Weaker evidence than signals.",
    )
    not_when = models.TextField(
        "not when",
        blank=True,
        help_text="Phrases that rule this cause out when a text says them, one per line "
        "(“no proxy in between”).",
    )
    profile = models.CharField(
        max_length=500,
        blank=True,
        help_text="How this cause answers the guide's questions, e.g. "
        "“producer=app; pattern=some-inputs,intermittent”. Leave a question out for “any”.",
    )
    confirm = models.TextField("how to confirm it", help_text="Markdown.")
    confirm_html = models.TextField(editable=False, default="")
    fix_client = models.TextField("fix when calling the API", help_text="Markdown.")
    fix_client_html = models.TextField(editable=False, default="")
    fix_server = models.TextField("fix when building the API", help_text="Markdown.")
    fix_server_html = models.TextField(editable=False, default="")
    SYNCED = (
        Synced("slug", KEY),
        Synced("position", KEY, kind=INT),
        Synced("title", ATTRIBUTE, "Title", required=True, always=True),
        Synced("commonness", ATTRIBUTE, "Commonness", vocabulary=tuple(Commonness.values)),
        Synced("platforms", ATTRIBUTE, "Platforms", LIST, ", ", vocabulary=tuple(PLATFORMS)),
        Synced(
            "seen_as",
            ATTRIBUTE,
            "Seen as",
            LIST,
            " | ",
            item_pattern=SEEN_AS_RE.pattern,
            item_form="“NNN: when …”",
        ),
        Synced("signals", ATTRIBUTE, "Signals", LIST, " | ", always=True),
        Synced("described_as", ATTRIBUTE, "Described as", LIST, " | "),
        Synced("not_when", ATTRIBUTE, "Not when", LIST, " | "),
        Synced("profile", ATTRIBUTE, "Profile"),
        Synced("sources", ATTRIBUTE, "Sources", LIST, " | ", urls=True),
        Synced("confirm", SECTION, "Confirm", MARKDOWN, required=True),
        Synced("fix_client", SECTION, "Fix when calling the API", MARKDOWN, required=True),
        Synced("fix_server", SECTION, "Fix when building the API", MARKDOWN, required=True),
    )

    class Meta:
        ordering = ["status_code", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_code", "slug"], name="cause_slug_unique_per_code"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="cause_slug_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="cause_title_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.status_code.get_absolute_url()}#{self.slug}"

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.message_dict)
        if "profile" not in errors:
            problems = profile_errors(self.profile, Question.objects.answer_map())
            if problems:
                errors["profile"] = problems
        if errors:
            raise ValidationError(errors)

    @property
    def key(self):
        """“429/over-the-limit”: how the guide, the diagnosis and feedback name a cause."""
        return f"{self.status_code.code}/{self.slug}"

    @property
    def profile_map(self):
        return parse_profile(self.profile)

    @property
    def signal_list(self):
        return split_lines(self.signals)

    @property
    def seen_as_list(self):
        """[(code, when)] for every other code this cause shows up as."""
        return [
            (int(m[1]), m[2]) for m in map(SEEN_AS_RE.fullmatch, split_lines(self.seen_as)) if m
        ]

    @property
    def described_as_list(self):
        return split_lines(self.described_as)

    @property
    def not_when_list(self):
        return split_lines(self.not_when)

    @property
    def platform_list(self):
        return split_lines(self.platforms)

    @property
    def source_list(self):
        return split_lines(self.sources)


class QuestionQuerySet(models.QuerySet):
    def answer_map(self):
        """{question slug: set of answer slugs}, or None where the code implies the answer."""
        answer_map = {}
        for question in self.prefetch_related("answers"):
            implied = question.kind in (Question.Kind.STATUS_CODE, Question.Kind.PLATFORM)
            answer_map[question.slug] = (
                None if implied else {a.slug for a in question.answers.all()}
            )
        return answer_map


class Question(ContentModel):
    class Kind(models.TextChoices):
        CHOICE = "choice", "Choice between the answers below"
        PRODUCER = (
            "producer",
            "Who answered: a choice, which the text's fingerprints (Server, CF-Ray…) can answer",
        )
        STATUS_CODE = "status-code", "The status code (answers come from the codes)"
        RESPONSE = "response", "Did a response arrive? (yes/no, implied by each cause's code)"
        PLATFORM = "platform", "The platform (answers come from the causes' platform tags)"

    slug = models.SlugField(max_length=60, unique=True, validators=[validate_slug])
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Among equally useful questions, lower comes first."
    )

    class Strength(models.TextChoices):
        FACT = (
            "fact",
            "A fact the user can see or check: a contrary answer nearly rules a cause out",
        )
        IMPRESSION = "impression", "An impression: a contrary answer only makes a cause less likely"

    CHOICE_KINDS = (Kind.CHOICE, Kind.PRODUCER)  # the kinds whose answers the file lists
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.CHOICE)
    strength = models.CharField(
        max_length=12,
        choices=Strength,
        default=Strength.IMPRESSION,
        blank=True,  # a file may leave it out: then it is an impression
        help_text="How much an answer that a cause's profile does not allow counts against it.",
    )
    applies = models.CharField(
        max_length=300,
        blank=True,
        help_text="When the guide may ask it, e.g. “platform=heroku; status=5xx; "
        "after=redirect-chain:yes”; empty: always. A platform named, a status given or an "
        "answer that contradicts a condition keeps the question away.",
    )
    unsure = models.PositiveSmallIntegerField(
        "not sure (%)",
        default=0,
        help_text="How many people in 100 cannot answer it (they answer “Not sure”); a question "
        "most cannot answer is seldom worth asking. 0: the default for its strength.",
    )
    bare = models.SlugField(
        "bare answer",
        max_length=60,
        blank=True,
        help_text="The answer that says the error gave no detail (“Nothing specific: a bare "
        "401”). Detail is often lost on the way (a proxy's page, a client that shows only the "
        "status), so this answer never counts against a cause whose profile leaves it out.",
    )
    detect = models.TextField(
        blank=True,
        help_text="Answers the guide reads off the user's text, one per line: “answer: regular "
        "expression”. When exactly one answer's pattern matches, the question is not asked.",
    )
    text = models.CharField(max_length=200)
    help = models.TextField(blank=True, help_text="Markdown: how to tell the answer.")
    help_html = models.TextField(editable=False, default="")
    SYNCED = (
        Synced("slug", META, "slug", required=True, always=True),
        Synced("position", META, "position", INT, required=True, always=True),
        Synced("kind", META, "kind", required=True, always=True),
        Synced("strength", META, "strength", vocabulary=tuple(Strength.values)),
        Synced("applies", META, "applies"),
        Synced("unsure", META, "unsure", INT),
        Synced("bare", META, "bare"),
        Synced("detect", META, "detect", LIST, " | ", exact=True),
        Synced("text", META, "text", required=True, always=True),
        Synced("help", HELP, kind=MARKDOWN),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="question_text_not_empty"),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.message_dict)
        if self.applies and "applies" not in errors:
            problems = applies_errors(self.applies, PLATFORMS, Question.objects.answer_map())
            if problems:
                errors["applies"] = problems
        answers = {a.slug for a in self.answers.all()} if self.pk else set()
        if self.detect and "detect" not in errors:
            try:
                found = parse_detect(split_lines(self.detect))
            except ValueError as error:
                errors["detect"] = str(error)
            else:
                unknown = [a for a, _pattern in found if answers and a not in answers]
                if unknown:
                    errors["detect"] = f"not an answer of this question: {', '.join(unknown)}"
        if self.bare and self.pk and self.bare not in answers:
            errors["bare"] = f"not an answer of this question: {self.bare}"
        if errors:
            raise ValidationError(errors)

    @property
    def applies_map(self):
        return parse_applies(self.applies)

    @property
    def detect_list(self):
        return split_lines(self.detect)

    def content_fields(self):
        fields = super().content_fields()
        fields["answers"] = [[a.slug, a.label] for a in self.answers.all()] if self.pk else []
        return fields


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField(default=0)
    slug = models.SlugField(max_length=60, validators=[validate_slug])
    label = models.CharField(max_length=200)
    version = models.PositiveIntegerField(
        default=1, help_text="Counts saves; a form based on an older version is refused."
    )
    history = HistoricalRecords(bases=[HistorySave])

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "slug"], name="answer_slug_unique_per_question"
            ),
            models.CheckConstraint(condition=~Q(label=""), name="answer_label_not_empty"),
            models.CheckConstraint(condition=~Q(slug="unsure"), name="answer_slug_not_unsure"),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        next_version(self)
        super().save(*args, **save_kwargs(kwargs))

    def clean(self):
        self.label = self.label.strip()
        if "\n" in self.label:
            raise ValidationError({"label": "Must be a single line."})


class Feedback(models.Model):
    """Readers' answers to “Did this fix it?”, counted per cause and guide path.

    Not content: the loader and export leave it alone, and it holds nothing about the reader
    (abuse limits live in the cache under salted hashes, see feedback.py)."""

    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="feedback")
    guide_path = models.CharField(
        max_length=400,
        blank=True,
        help_text="The guide's answers that led to the cause; empty for the code page.",
    )
    helpful = models.PositiveIntegerField("yes", default=0)
    not_helpful = models.PositiveIntegerField("no", default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "reader feedback"
        verbose_name_plural = "reader feedback"
        constraints = [
            models.UniqueConstraint(fields=["cause", "guide_path"], name="feedback_once_per_path"),
        ]

    def __str__(self):
        where = f"guide: {self.guide_path}" if self.guide_path else "code page"
        return f"{self.cause} ({where})"


class Draft(models.Model):
    """Unpublished changes to a code or a cause by one editor: readers keep seeing the saved
    row until the draft is published. Each editor has at most one draft of a row, so a draft
    never replaces another editor's; drafts keep a history of their own (saved, published,
    discarded), shown with the row's. Not content: the loader and export leave drafts alone."""

    code = models.ForeignKey(
        StatusCode, null=True, blank=True, on_delete=models.CASCADE, related_name="drafts"
    )
    cause = models.ForeignKey(
        Cause, null=True, blank=True, on_delete=models.CASCADE, related_name="drafts"
    )
    data = models.JSONField(help_text="The form's values for the row's fields.")
    base_version = models.PositiveIntegerField(
        help_text="The row's version the draft was written against: if the row was saved since, "
        "publishing shows the three-way merge first."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(bases=[HistorySave])

    class Meta:
        verbose_name = "draft"
        verbose_name_plural = "waiting for review"
        ordering = ["updated_at", "pk"]
        permissions = [("publish_draft", "Can publish another editor's draft")]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__isnull=False, cause__isnull=True)
                | Q(code__isnull=True, cause__isnull=False),
                name="draft_of_one_row",
            ),
            models.UniqueConstraint(
                fields=["code", "author"],
                condition=Q(code__isnull=False),
                name="one_draft_per_editor_per_code",
            ),
            models.UniqueConstraint(
                fields=["cause", "author"],
                condition=Q(cause__isnull=False),
                name="one_draft_per_editor_per_cause",
            ),
        ]

    def __str__(self):
        return f"Draft of {self.row} by {self.author_name}"

    @property
    def row(self):
        return self.code if self.code_id else self.cause

    @property
    def author_name(self):
        return self.author.get_username() if self.author else "someone"

    def apply(self, row, values=None):
        """Set the draft's values (or `values`, e.g. a merge) on `row` in memory, rendering
        markdown as a save would; returns {link field: [pks]} for the caller to set."""
        links = {}
        for name, value in (self.data if values is None else values).items():
            field = row._meta.get_field(name)
            if field.many_to_many:
                links[name] = value
            else:
                setattr(row, field.attname, value)
        row.normalize()
        for name in row.MARKDOWN_FIELDS:
            setattr(row, f"{name}_html", render_markdown(getattr(row, name)))
        return links


class Deletion(models.Model):
    """A deleted code, cause, question or answer kept whole (its causes or answers, links both
    ways, reader feedback and drafts) so that it can be restored from "Recently deleted"."""

    class Kind(models.TextChoices):
        STATUS_CODE = "statuscode", "Status code"
        CAUSE = "cause", "Cause"
        QUESTION = "question", "Question"
        ANSWER = "answer", "Answer"

    kind = models.CharField(max_length=20, choices=Kind)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=300, help_text="What was deleted, as editors name it.")
    summary = models.CharField(max_length=300, blank=True, help_text="What came with it.")
    keys = models.TextField(
        help_text="Every row it holds, as “ model:pk ”, to find what a deleted row went with."
    )
    data = models.JSONField(help_text="The rows and links, as they were.")
    reason = models.CharField(max_length=200, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)
    history_save = models.CharField(max_length=32, blank=True, db_index=True)
    restored_at = models.DateTimeField(null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "deleted item"
        verbose_name_plural = "recently deleted"
        ordering = ["-deleted_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.label}"

    @classmethod
    def key(cls, model_name, pk):
        return f" {model_name}:{pk} "

    @classmethod
    def holding(cls, model_name, pk):
        """The newest deletion, not yet restored, that holds this row."""
        return (
            cls.objects.filter(keys__contains=cls.key(model_name, pk), restored_at__isnull=True)
            .select_related("deleted_by")
            .first()
        )


class ContentVersion(models.Model):
    """The one content version: a counter that every write to a code, cause, question, answer
    or link moves (the signals below, and the content load), in the writer's transaction. Every
    app server reads it once per request (one query) and rebuilds its snapshot, and every page's
    validator changes, when it moves."""

    ROW = 1

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="one_content_version")]

    def __str__(self):
        return f"content version {self.number}"

    @classmethod
    def read_sql(cls):
        table = connections[DEFAULT_DB_ALIAS].ops.quote_name(cls._meta.db_table)
        return f"SELECT number, changed_at FROM {table} WHERE id = %s"

    @classmethod
    def bump(cls):
        updated = cls.objects.filter(pk=cls.ROW).update(
            number=F("number") + 1, changed_at=timezone.now()
        )
        if not updated:
            cls.objects.get_or_create(pk=cls.ROW, defaults={"number": 1})

    @classmethod
    def read(cls):
        """(number, time of the change): a number alone could repeat after a rolled-back write
        that some snapshot was built in; the time of a later change differs."""
        # Every request reads it, cached pages too: plain SQL skips building a queryset,
        # which costs twenty times the query itself (0.28 ms against 0.015 ms on SQLite).
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(cls.read_sql(), [cls.ROW])
            row = cursor.fetchone()
        if row is None:
            return (0, "")
        changed = row[1]
        if isinstance(changed, str):  # a backend that hands back text
            changed = datetime.datetime.fromisoformat(changed)
        if timezone.is_naive(changed):  # SQLite keeps UTC without saying so
            changed = timezone.make_aware(changed, datetime.UTC)
        return (row[0], changed.isoformat())


CONTENT_MODELS = (StatusCode, Cause, Question, Answer)


def content_changed(sender, raw=False, **kwargs):
    if not raw:  # a fixture load writes rows as they were; the loader bumps itself
        ContentVersion.bump()


for _model in CONTENT_MODELS:
    signals.post_save.connect(content_changed, sender=_model, dispatch_uid=f"version-{_model}")
    signals.post_delete.connect(content_changed, sender=_model, dispatch_uid=f"gone-{_model}")


def links_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        ContentVersion.bump()


for _link in (StatusCode.related.through, StatusCode.confused.through):
    signals.m2m_changed.connect(links_changed, sender=_link, dispatch_uid=f"links-{_link}")
