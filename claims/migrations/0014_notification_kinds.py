from django.db import migrations, models


class Migration(migrations.Migration):
    """A notification keeps what happened and its varying words, worded when read in the
    reader's language; rows from before keep their stored English message (an empty verb makes
    Notification.text() fall back to it)."""

    dependencies = [("claims", "0013_claim_features")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="verb",
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
