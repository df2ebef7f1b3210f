from django.apps import AppConfig


class CableRoomConfig(AppConfig):
    name = "cableroom"
    verbose_name = "Cable Room"
    default_auto_field = "django.db.models.BigAutoField"
