"""The API's browsable docs: Swagger UI from /static/, inside the site's own layout."""

from ninja.openapi.docs import Swagger


class LodestarDocs(Swagger):
    """django-ninja's Swagger page, rendered by templates/api/docs.html.

    The template puts Swagger UI under the site's navigation and footer, with
    static/css/api_docs.css over Swagger's colours so that every text passes WCAG AA.
    Deep links stay off: Swagger draws each one as a link inside the button that opens
    its operation, which screen readers cannot reach (axe: nested-interactive).
    """

    template = "api/docs.html"
    default_settings = {
        "layout": "BaseLayout",
        "deepLinking": False,
        # The schemas at the foot of the page repeat what each operation shows.
        "defaultModelsExpandDepth": -1,
    }
