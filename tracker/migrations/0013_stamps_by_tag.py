"""The records' token becomes one token per tag (tracker/freshness.py): the row there was is the
"*" tag's, which every change renews."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tracker", "0012_votes_seats_events_whole_text")]

    operations = [
        migrations.AddField(
            model_name="datastamp",
            name="tag",
            field=models.CharField(default="*", max_length=150),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="datastamp",
            name="tag",
            field=models.CharField(max_length=150, unique=True),
        ),
    ]
