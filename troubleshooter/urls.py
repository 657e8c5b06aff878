from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:code>/", views.code_page, name="code"),
    path("guide/", views.guide_page, name="guide"),
    path("guide/start/", views.guide_start, name="guide-start"),
    path("diagnose/", views.diagnose_page, name="diagnose"),
    path("search/", views.search_page, name="search"),
    path("<int:code>.json", views.code_json, name="code-json"),
    path("timeouts/", views.timeouts_page, name="timeouts"),
    path("feedback/", views.feedback_vote, name="feedback"),
    path("admin/preview/", views.markdown_preview, name="markdown-preview"),
    path("admin/", admin.site.urls),
]

handler400 = "troubleshooter.errors.bad_request"
handler403 = "troubleshooter.errors.permission_denied"
handler404 = "troubleshooter.errors.page_not_found"
handler500 = "troubleshooter.errors.server_error"
