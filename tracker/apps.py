from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Resolution Tracker"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from tracker.roles import ensure_groups

        # Permissions exist only after migrate has run; the groups are made right after.
        post_migrate.connect(lambda sender, **kwargs: ensure_groups(), sender=self)
