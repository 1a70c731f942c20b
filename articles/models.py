from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# The languages the desk detects and reads; "und" when the detector cannot tell.
LANGUAGES = [
    ("it", "Italian"),
    ("fr", "French"),
    ("en", "English"),
    ("de", "German"),
    ("es", "Spanish"),
    ("pt", "Portuguese"),
    ("nl", "Dutch"),
    ("und", "Undetermined"),
]
LANGUAGE_CODES = frozenset(code for code, _ in LANGUAGES)
LANGUAGE_NAMES = dict(LANGUAGES)


class Outlet(models.Model):
    """A publication articles come from (a newspaper, a site, a wire): who published them."""

    class Kind(models.TextChoices):
        NEWSPAPER = "newspaper", _("Newspaper")
        MAGAZINE = "magazine", _("Magazine")
        BROADCASTER = "broadcaster", _("Broadcaster")
        AGENCY = "agency", _("News agency")
        ONLINE = "online", _("Online news site")
        BLOG = "blog", _("Blog")
        AGGREGATOR = "aggregator", _("Aggregator or copy site")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    domain = models.CharField(
        max_length=253,
        blank=True,
        help_text=_("Its web address's host, e.g. ilpost.it: one outlet per domain."),
    )
    country = models.CharField(max_length=2, blank=True, help_text=_("ISO 3166 code, e.g. IT."))
    language = models.CharField(max_length=3, choices=LANGUAGES, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="outlet_name_unique_any_case"),
            models.UniqueConstraint(
                Lower("domain"), condition=~models.Q(domain=""), name="outlet_domain_unique_any_case"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_name(cls, name: str) -> "Outlet":
        """The outlet called `name` (in any letter case), created on first sight with a slug of
        its own: "Il Post" and "IL POST" are one outlet; "Правда" gets a readable slug."""
        name = name.strip()
        existing = cls.objects.filter(name__iexact=name).first()
        if existing:
            return existing
        base = slugify(name, allow_unicode=True)[:190] or "outlet"
        for attempt in range(1, 50):
            try:
                with transaction.atomic():
                    return cls.objects.create(name=name, slug=base if attempt == 1 else f"{base}-{attempt}")
            except IntegrityError:
                existing = cls.objects.filter(name__iexact=name).first()
                if existing:  # another import created it meanwhile
                    return existing
        raise IntegrityError(f"no free slug for outlet {name!r}")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


PRECISION_FORMATS: dict[str, str] = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def date_at_precision(date, precision: str) -> str:
    """A date as precise as it is known: 2025-05-14, 2025-05 or 2025 (never an invented day)."""
    if date is None:
        return ""
    return date.strftime(PRECISION_FORMATS.get(precision, PRECISION_FORMATS["day"]))


class ImportBatch(models.Model):
    """One import run: who started it, from where, how far it got, what each file became."""

    class Source(models.TextChoices):
        COMMAND = "command", _("Command line")
        ADMIN = "admin", _("Admin upload")
        API = "api", _("API")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    description = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    total_files = models.PositiveIntegerField(default=0)
    processed_files = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the worker running the batch."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Which run holds the batch (articles/services/batches.py): one at a time, under a lease.
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Runs started on the batch.")
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was handed to the task queue (empty: not reached)."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.get_source_display()}, {self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_importbatch_change", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.total_files:
            return 0
        return min(100, self.processed_files * 100 // self.total_files)


def import_upload_path(instance: "ImportUpload", filename: str) -> str:
    return f"imports/{instance.batch_id}/{filename}"


class ImportUpload(models.Model):
    """A file handed to an admin import, kept in storage so any worker host can read it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="uploads")
    file = models.FileField(upload_to=import_upload_path, max_length=500)
    name = models.CharField(max_length=255)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """One imported text. `body` is what claims anchor to: offsets count code points."""

    title = models.CharField(max_length=500)
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    byline = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    language = models.CharField(max_length=3, choices=LANGUAGES, default="und")
    published_on = models.DateField(
        null=True, blank=True, help_text=_("With month or year precision, the first day of it.")
    )
    published_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    body = models.TextField(help_text="Normalized text; claims anchor to it.")
    raw_text = models.TextField(help_text="The file's decoded text, before any clean-up.")
    content_hash = models.CharField(
        max_length=64,
        unique=True,
        help_text="SHA-256 of the normalized body as imported (duplicate guard; corrections keep it).",
    )
    source_name = models.CharField(max_length=500, blank=True)
    # A copy or a translation names what it copies or translates.
    original_outlet = models.CharField(
        max_length=200, blank=True, help_text=_("The outlet this article copies or translates, if any.")
    )
    original_url = models.URLField(
        max_length=2000, blank=True, help_text=_("The article it copies or translates.")
    )
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Who last edited the details (a conflict names them); body corrections name theirs apart.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Bumped by every edit of the details or the body: a save based on an older one is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The list's order, read from an index: a page costs its rows, not a sort of the table.
        indexes = [models.Index(fields=["-created_at", "-id"], name="article_newest_first")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(published_on__isnull=True, published_precision="")
                    | models.Q(published_on__isnull=False, published_precision__in=["day", "month", "year"])
                ),
                name="article_published_precision_matches_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def published_display(self) -> str:
        """The published date at its own precision: 2025-05-14, 2025-05 or 2025."""
        return date_at_precision(self.published_on, self.published_precision)


class ArticleBodyVersion(models.Model):
    """One version of an article's body. Version 1, the body as imported, is written when
    the body is first corrected; each correction adds the next. The latest is `Article.body`."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="body_versions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    body_hash = models.CharField(
        max_length=64, db_index=True, help_text="SHA-256 of this version: a re-import of it is a duplicate."
    )
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_body_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class ImportItem(models.Model):
    """What one file (or one record of a JSON/CSV file) became in an import."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("Created")
        DUPLICATE = "duplicate", _("Duplicate")
        REJECTED = "rejected", _("Rejected")
        SKIPPED = "skipped", _("Skipped")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(max_length=1000)
    file = models.CharField(max_length=1000, help_text="The file (or zip entry) the item came from.")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.outcome}"
