"""The staff dashboard page in the admin (/yonetim/pano/): every registered metric for today,
this week and the last 14 days (marketplace/dashboard.py). Any staff member may open it."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from marketplace.dashboard import dashboard_report


def _staff_dashboard(request: HttpRequest) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": _("Dashboard"),
        "report": dashboard_report(),
    }
    return TemplateResponse(request, "admin/dashboard.html", context)


# The admin's own gate: active staff only (Moderatörler, Destek, superusers); anyone else is sent
# to the admin's login page. The page only reads aggregates, so no model permission is needed.
staff_dashboard = admin.site.admin_view(_staff_dashboard)
