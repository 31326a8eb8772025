"""Version 1 of the HTTP API: /api/v1/, its OpenAPI schema and its browsable docs."""

from ninja import NinjaAPI

from api import errors
from api.auth import TokenAuth
from api.docs import LodestarDocs
from api.routers import account, gradebook, labs, leaderboards, submissions


class LodestarAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # Short, stable ids ("lab_submit") read better in generated clients.
        return operation.view_func.__name__


api = LodestarAPI(
    title="Lodestar API",
    version="1",
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
):
    api.add_router("", router)
