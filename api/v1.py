"""Version 1 of the HTTP API: /api/v1/, its OpenAPI schema and its browsable docs."""

from ninja import NinjaAPI

from api import client_dist, errors
from api.auth import TokenAuth
from api.docs import LodestarDocs
from api.routers import (
    account,
    capstone,
    gradebook,
    labs,
    leaderboards,
    outcomes,
    rubrics,
    submissions,
)

# The API's revision. The /api/v1/ prefix is its major number; the minor grows when the API
# gains something a client may use. Every JSON answer (errors included) names it in the
# Lodestar-API-Version header, with the address of this site's client in Lodestar-Client-Url,
# so that a `lodestar` client older than the site says how to upgrade (client/.../api.py).
API_VERSION = "1.0"


class LodestarAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # Short, stable ids ("lab_submit") read better in generated clients.
        return operation.view_func.__name__

    def create_response(self, request, data, **kwargs):
        response = super().create_response(request, data, **kwargs)
        response["Lodestar-API-Version"] = API_VERSION
        wheel = client_dist.built_wheel()
        if wheel is not None:
            response["Lodestar-Client-Url"] = client_dist.wheel_url(request, wheel)
        return response


api = LodestarAPI(
    title="Lodestar API",
    version=API_VERSION,
    description=(
        "Everything a student does on the web, with a personal token: create one on your "
        "account page and send it as `Authorization: Bearer <token>`. A token acts as its "
        "owner under the same rules as the web, within its scope: a *read only* token may "
        "only read (`GET`; anything else answers 403 `token_read_only`), a *read and submit* "
        "token may also upload submissions. A token lasts the 30, 90 or 365 days chosen "
        "when it was made; after that it answers 401 `token_expired`. Errors are JSON: "
        "`{detail, code, problems}`."
    ),
    urls_namespace="api-1",
    auth=TokenAuth(),
    docs=LodestarDocs(),
)
errors.install(api)
for router in (
    account.router,
    labs.router,
    leaderboards.router,
    submissions.router,
    gradebook.router,
    outcomes.router,
    rubrics.router,
    capstone.router,
):
    api.add_router("", router)
