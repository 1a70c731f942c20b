import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Stored matching features per claim and their key index (claims/matching/features.py).
    Existing claims are filled by `manage.py refresh_claim_features`, or on the first match
    suggestions that find them missing."""

    dependencies = [
        ("articles", "0001_initial"),
        ("claims", "0012_search_vectors"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimFeatures",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="features",
                        serialize=False,
                        to="claims.claim",
                    ),
                ),
                ("algorithm", models.PositiveSmallIntegerField()),
                ("claim_version", models.PositiveIntegerField()),
                (
                    "digest",
                    models.CharField(
                        help_text="SHA-256 of the algorithm version and the texts read.", max_length=64
                    ),
                ),
                ("quote", models.JSONField()),
                ("statement", models.JSONField(blank=True, null=True)),
            ],
        ),
        migrations.CreateModel(
            name="ClaimFeatureKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=200)),
                (
                    "in_quote",
                    models.BooleanField(help_text="Found in the quote (not only in the statement)."),
                ),
                (
                    "article",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="feature_keys",
                        to="claims.claim",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["key", "article", "claim", "in_quote"], name="claims_feature_key_lookup"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("claim", "key"), name="claims_feature_key_unique")
                ],
            },
        ),
    ]
