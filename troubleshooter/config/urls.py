from django.contrib import admin
from django.urls import path

from troubleshooter.web import views

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

handler400 = "troubleshooter.web.errors.bad_request"
handler403 = "troubleshooter.web.errors.permission_denied"
handler404 = "troubleshooter.web.errors.page_not_found"
handler500 = "troubleshooter.web.errors.server_error"
