from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:code>/", views.code_page, name="code"),
    path("guide/", views.guide_page, name="guide"),
    path("diagnose/", views.diagnose_page, name="diagnose"),
    path("search/", views.search_page, name="search"),
    path("<int:code>.json", views.code_json, name="code-json"),
    path("admin/", admin.site.urls),
]

handler400 = "troubleshooter.views.bad_request"
handler403 = "troubleshooter.views.permission_denied"
handler404 = "troubleshooter.views.page_not_found"
handler500 = "troubleshooter.views.server_error"
