from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class CableRoomConfig(AppConfig):
    name = "cableroom"
    verbose_name = "Cable Room"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cableroom.curation import roles
        from cableroom.search.schema import disable_jit, restore_after_migrate
        from cableroom.web import signin

        post_migrate.connect(roles.sync_curator_group, sender=self)
        signin.connect_signals()
        post_migrate.connect(restore_after_migrate, sender=self)
        connection_created.connect(disable_jit, dispatch_uid="cableroom_disable_jit")
