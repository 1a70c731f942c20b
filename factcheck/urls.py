from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from factcheck.accounts import views as account_views
from factcheck.views import healthz, readyz

handler500 = "factcheck.outage.server_error_or_outage"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/2fa/setup/", account_views.setup, name="two-factor-setup"),
    path("accounts/2fa/verify/", account_views.verify, name="two-factor-verify"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/auth/tokens/", account_views.TokenCreateView.as_view(), name="api-token-create"),
    path("api/v1/auth/tokens/current/", account_views.TokenRevokeView.as_view(), name="api-token-revoke"),
    path("api/v1/auth/tokens/all/", account_views.TokenRevokeAllView.as_view(), name="api-token-revoke-all"),
    path("api/v1/", include("articles.api.urls")),
    path("api/v1/", include("claims.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # The language switcher: the django_language cookie (the public dossier pages, served from a
    # per-process frame without a session, carry no CSRF token); the desk's also remembers it.
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("dossiers/", include("claims.public.urls")),
    path("", include("articles.urls")),
    path("", include("claims.urls")),
]
