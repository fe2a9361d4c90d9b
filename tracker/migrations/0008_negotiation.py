# Today's "resolution" is a negotiation: it holds drafts and their versions (0009).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tracker", "0007_data_stamp")]

    operations = [
        migrations.RenameModel("Resolution", "Negotiation"),
        migrations.RenameField("provision", "resolution", "negotiation"),
        migrations.RenameField("historicalprovision", "resolution", "negotiation"),
    ]
