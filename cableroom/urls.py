from django.contrib import admin
from django.urls import path

from . import health
from .views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
