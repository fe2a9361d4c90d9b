from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Resolution Tracker"
    default_auto_field = "django.db.models.BigAutoField"
