"""The site's addresses."""

from django.contrib import admin
from django.urls import path

from troubleshooter.editorial import preview
from troubleshooter.web.views import diagnose, feedback, guide, har, health, reference, timeouts

urlpatterns = [
    path("", reference.index, name="index"),
    path("<int:code>/", reference.code_page, name="code"),
    path("guide/", guide.guide_page, name="guide"),
    path("guide/start/", guide.guide_start, name="guide-start"),
    path("diagnose/", diagnose.diagnose_page, name="diagnose"),
    path("search/", reference.search_page, name="search"),
    path("<int:code>.json", reference.code_json, name="code-json"),
    path("timeouts/", timeouts.timeouts_page, name="timeouts"),
    path("har/", har.har_page, name="har"),
    path("feedback/", feedback.feedback_vote, name="feedback"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/preview/", preview.markdown_preview, name="markdown-preview"),
    path("admin/", admin.site.urls),
]

handler400 = "troubleshooter.config.errors.bad_request"
handler403 = "troubleshooter.config.errors.permission_denied"
handler404 = "troubleshooter.config.errors.page_not_found"
handler500 = "troubleshooter.config.errors.server_error"
