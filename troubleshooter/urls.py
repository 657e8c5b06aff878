from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:code>/", views.code_page, name="code"),
    path("guide/", views.guide_page, name="guide"),
    path("admin/", admin.site.urls),
]

handler400 = "troubleshooter.views.bad_request"
handler403 = "troubleshooter.views.permission_denied"
handler404 = "troubleshooter.views.page_not_found"
handler500 = "troubleshooter.views.server_error"
