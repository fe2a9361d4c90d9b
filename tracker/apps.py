from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Resolution Tracker"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from tracker import freshness
        from tracker.reading.search import ensure_sqlite_index
        from tracker.roles import ensure_groups

        # Every change to a record gives the cached reader pages a new key.
        freshness.connect()

        # Permissions exist only after migrate has run; the groups are made right after.
        post_migrate.connect(lambda sender, **kwargs: ensure_groups(), sender=self)
        # Django's SQLite schema editor drops a table's triggers when it remakes the table; the
        # search index's triggers are put back after every migrate (nothing to do elsewhere).
        post_migrate.connect(
            lambda sender, using, **kwargs: ensure_sqlite_index(using), sender=self
        )
