"""Every page a person can reach from / passes axe-core and fits a phone, for every role.

One browser, one context per role: the walk follows the links each person sees (the admin
included for staff), runs axe-core on each page at 1280 and at 390 px wide, and fails on
any critical or serious violation, or on a page that scrolls sideways at 390 px (a wide
table scrolls inside a labelled scroll container of its own, never the page). Pages of one
kind (/labs/gradebook/1/students/7/ and .../8/) are checked once. The student has API
tokens, so that their account page shows its table.
"""

import asyncio
import os
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from api.services import token_create
from careers.services import content_seed
from demo.lab_work import seed_labs_demo
from demo.live_sessions import seed_live_demo
from demo.rubric_grading import seed_rubrics_demo
from demo.similarity import seed_similarity_demo
from demo.syllabus import seed_syllabus_demo
from demo.teams import seed_teams_demo
from enrolment.demo import DEMO_PASSWORD, seed_enrolment_demo
from enrolment.models import Enrolment
from enrolment.services import changes
from tests.api.client_wheels import put_wheel
from tests.support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    code_for_secret,
    services_required,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# npm's copy in this checkout (make test), or another one named by LODESTAR_AXE.
AXE = Path(os.environ.get("LODESTAR_AXE") or ROOT / "node_modules" / "axe-core" / "axe.min.js")
WIDE, NARROW = 1280, 390
BLOCKING = {"critical", "serious"}
# Each role's login and where its walk starts besides / and a missing page: the staff's
# admin, the pages a student who left finds closed (403) by bookmark, the client's page.
ROLES = {
    "anonymous": (None, []),
    # The client's page: anonymous meets its link first (on the API docs) and is sent to
    # log in, which would count it as seen.
    "student": ("student", ["/client/"]),
    "withdrawn": ("student6", ["/labs/", "/labs/first-classifier/"]),
    "instructor": ("instructor", []),
    "staff": ("admin", ["/admin/"]),
}
# Two lanes walk at once (CI has two cores): the admin, and the site for everyone else.
# The staff lane checks the admin and the pages that change with the viewer (PER_ROLE);
# the rest of the site it shares with the instructor, who walks it in the other lane.
LANES = [["staff"], ["anonymous", "student", "withdrawn", "instructor"]]

# With LODESTAR_SCREENSHOTS=docs/screenshots the walk also photographs these pages at
# both widths, for the README.
SCREENSHOTS = {
    "anonymous": {"/": "home", "/programs/": "programs", "/careers/salaries/": "salaries"},
    "student": {
        "/labs/dashboard/": "student-dashboard",
        "/labs/first-classifier/": "lab",
    },
    "withdrawn": {"/labs/first-classifier/": "lab-closed-403"},
    "instructor": {
        "/labs/gradebook/N/": "gradebook",
        "/labs/gradebook/N/labs/<lab>/": "gradebook-lab",
    },
    "staff": {"/admin/enrolment/cohort/<form>/": "admin-cohort"},
}

# Not pages: downloads (the calendar feed and its webcal:// redirect too), the JSON API,
# probes, log-out, files.
SKIPPED = re.compile(
    r"(/accounts/logout/|\.csv$|/starter\.|^/api/v1/(?!docs)|^/health/|^/static/|^/media/"
    r"|^/admin/logout/|^/admin/jsi18n/|/evidence/$|^/account/calendar/add/$|^/calendar/)"
)

# Pages that a script draws after they load: the audit waits for what it draws. The API
# docs are Swagger UI, filled in from the OpenAPI document.
DRAWN_LATER = {"/api/v1/docs": ".swagger-ui .opblock"}

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""

# The elements that make the page scroll sideways, unless they sit in a scroll container
# that says what it holds (overflow-x: auto, role=region and a name).
SIDEWAYS = """(width) => {
  const root = document.documentElement;
  if (root.scrollWidth <= width) return null;
  const inLabelledScroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      const named = p.getAttribute("aria-label") || p.getAttribute("aria-labelledby");
      if ((overflow === "auto" || overflow === "scroll") && p.clientWidth <= width && named
          && p.getAttribute("role") === "region") return true;
    }
    return false;
  };
  const culprits = [...document.body.querySelectorAll("*")]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !inLabelledScroller(el))
    .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (typeof el.className === "string" && el.className.trim()
         ? "." + el.className.trim().split(/\\s+/).join(".") : ""));
  // The page itself scrolls sideways: a failure even when every wide element sits in a
  // labelled scroller (one wider than the screen, say), which is then all there is to name.
  return {scrollWidth: root.scrollWidth, culprits: culprits.slice(0, 5)};
}"""


def page_kind(path: str) -> tuple[str, int]:
    """Pages that differ only by an id are one kind; lab pages, up to two labs a kind."""
    kind = re.sub(r"/\d+(?=/)", "/N", path)
    # Django's history and delete pages are alike for every model: one of each will do.
    kind = re.sub(r"^/admin/\w+/\w+/N/(history|delete)/$", r"/admin/*/*/N/\1/", kind)
    # An app's index is the admin index filtered; a model's add and change pages share
    # one form (the change page with its data and inlines comes first in the walk).
    kind = re.sub(r"^/admin/(?!password_change/)\w+/$", "/admin/<app>/", kind)
    kind = re.sub(r"^/admin/(\w+)/(\w+)/(add|N/change)/$", r"/admin/\1/\2/<form>/", kind)
    lab_kind = re.sub(
        r"^(/labs/(?:dashboard/|gradebook/N/labs/)?)(?!dashboard/|gradebook/)[-\w]+/$",
        r"\1<lab>/",
        kind,
    )
    return (lab_kind, 2) if lab_kind != kind else (kind, 1)


# Checked again for every role: what they show depends on who is looking. Any other kind of
# page is checked once, for the first role that reaches it.
PER_ROLE = {
    "/",
    "/labs/",
    "/labs/dashboard/",
    "/labs/gradebook/",
    "/account/",
    # A form for students, "ask an admin" for staff and instructors.
    "/account/delete/",
    "/programs/",
    "/syllabus/",
    "/no-such-page/",
    "/admin/",
}


@pytest.fixture
def demo_site(transactional_db, settings, tmp_path):
    # A built client, so that /client/ (linked from the account page) shows its commands.
    settings.LODESTAR_CLIENT_DIR = tmp_path / "client"
    put_wheel(settings.LODESTAR_CLIENT_DIR, "0.2.0")
    content_seed()
    seed_enrolment_demo(seed=7)
    seed_labs_demo(seed=7)
    seed_syllabus_demo()  # lessons, prices and deadlines (issue 29)
    seed_live_demo()  # live sessions: the dashboard's panel, the instructor's pages
    seed_similarity_demo()  # a flagged pair: the instructor walks the similarity pages
    seed_rubrics_demo()  # a released rubric grade with a line comment; a blind rubric
    seed_teams_demo(seed=7)  # the capstone pages: a team, an invitation, demo day
    leaver = Enrolment.objects.get(user__username="student6")
    changes.enrolment_withdraw(enrolment=leaver, actor=leaver.user, note="moved abroad")
    student = Enrolment.objects.get(user__username="student").user
    # A long name without a space: the widest row the account page's token table shows.
    token_create(user=student, name="the-laptop_in_the_library_on_the_third_floor")
    token_create(user=student, name="colab")
    return leaver.cohort


def test_every_page_passes_axe_and_fits_a_phone(live_server, demo_site):
    if not AXE.exists():
        message = f"axe-core is missing at {AXE}: run `make install`"
        if services_required():
            pytest.fail(message)
        pytest.skip(message)
    # The instructor starts at the running cohort's gradebook, the one with students.
    starts = {**ROLES, "instructor": ("instructor", [f"/labs/gradebook/{demo_site.pk}/"])}
    walk = Walk(live_server.url, AXE.read_text(), os.environ.get("LODESTAR_SCREENSHOTS"), starts)
    started = time.monotonic()
    # Playwright's async API in a thread of its own: the session's sync browser (other
    # tests) keeps its event loop in this one.
    runner = threading.Thread(target=lambda: asyncio.run(walk.run()))
    runner.start()
    runner.join()
    if walk.error:
        raise walk.error
    print(f"axe walk: {walk.checked} pages x 2 widths in {time.monotonic() - started:.0f} s")
    assert walk.checked > 60, f"the walk reached only {walk.checked} pages"
    # Linked from every page's footer, the API docs are walked like any other page.
    assert "/api/v1/docs" in walk.audited
    # Linked from the account page: deleting one's account (its form, or "ask an admin").
    assert "/account/delete/" in walk.audited
    # Linked from the account, lab and API pages: how to install the lodestar command.
    assert "/client/" in walk.audited
    # The similarity checks (instructors and staff): the list, a report, a pair side by side.
    assert "/similarity/" in walk.audited
    assert any(re.match(r"^/similarity/pairs/\d+/$", path) for path in walk.audited)
    # Linked from the gradebook's lab pages: a lab's rubric grading queue (rubrics).
    assert any(path.startswith("/review/rubrics/labs/") for path in walk.audited)
    # The course around the labs (issue 29): the public and the student's syllabus, a
    # lesson, the instructor's sessions and attendance, the student's check-in; the capstone.
    for page in (
        r"/syllabus/",
        r"/syllabus/programs/[\w-]+/",
        r"/syllabus/lessons/\d+/",
        r"/live/cohorts/\d+/",
        r"/live/sessions/\d+/attendance/",
        r"/live/check-in/",
        r"/capstone/",
    ):
        assert any(re.fullmatch(page, path) for path in walk.audited), page
    assert not walk.problems, "\n".join(walk.problems)


class Walk:
    def __init__(self, origin: str, axe_source: str, screenshots: str | None, roles: dict):
        self.origin = origin
        self.roles = roles
        self.axe_source = axe_source
        self.screenshots = Path(screenshots) if screenshots else None
        self.seen: dict[str, set[str]] = {}
        self.problems: list[str] = []
        self.checked = 0
        self.audited: set[str] = set()
        self.photographed: set[tuple[str, int]] = set()
        self.error: BaseException | None = None

    async def run(self):
        from playwright.async_api import async_playwright

        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=CHROMIUM, args=list(CHROMIUM_ARGS)
                )
                await asyncio.gather(*(self.lane(browser, roles) for roles in LANES))
                await browser.close()
        except BaseException as error:  # handed to the test thread
            self.error = error

    async def lane(self, browser, roles):
        for role in roles:
            username, starts = self.roles[role]
            context = await browser.new_context(
                base_url=self.origin, viewport={"width": WIDE, "height": 900}
            )
            context.set_default_timeout(20_000)
            page = await context.new_page()
            try:
                if username:
                    await page.goto("/accounts/login/")
                    await page.fill("input[name=username]", username)
                    await page.fill("input[name=password]", DEMO_PASSWORD)
                    await page.click("form button[type=submit]")
                    await page.wait_for_url(lambda url: "/accounts/login/" not in url)
                    await self.second_factor(page)
                await self.walk(page, role, starts)
            except BaseException:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=str(ARTIFACTS / f"axe-walk-{role}.png"), full_page=True)
                raise
            finally:
                await context.close()

    @staticmethod
    async def second_factor(page):
        """Staff and the instructor set up an authenticator first (the setup page is then
        walked again from the account page's "Move to a new phone" link)."""
        if "/account/two-factor/setup/" not in page.url:
            return
        secret = await page.get_by_test_id("totp-secret").inner_text()
        await page.fill("input[name=code]", code_for_secret(secret))
        await page.get_by_role("button", name="Turn on two-factor authentication").click()
        await page.get_by_test_id("recovery-codes-continue").click()

    async def walk(self, page, role: str, starts: list[str]):
        """Check each page reachable from / (and the starts) whose kind is not seen yet."""
        queue = ["/", "/no-such-page/", *starts]
        later: list[str] = []
        visited: set[str] = set()
        admin_lane = role == "staff"

        def is_new(path):
            kind, limit = page_kind(path)
            if path in visited:
                return False
            if path in PER_ROLE or path in starts:
                return True
            if admin_lane != path.startswith("/admin/"):
                return False
            paths = self.seen.setdefault(kind, set())
            return path not in paths and len(paths) < limit

        def mark(path):
            visited.add(path)
            self.seen.setdefault(page_kind(path)[0], set()).add(path)

        while queue or later:
            path = queue.pop(0) if queue else later.pop(0)
            if not is_new(path):
                continue
            mark(path)
            await page.set_viewport_size({"width": WIDE, "height": 900})
            response = await page.goto(path)
            landed = urlsplit(page.url).path
            if landed != path:
                if not is_new(landed):
                    continue
                mark(landed)
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue
            self.checked += 1
            self.audited.add(landed)
            if landed in DRAWN_LATER:
                await page.wait_for_selector(DRAWN_LATER[landed])
            issues = [f"answered {response.status}"] if response.status >= 500 else []
            issues += await self.audit(page, WIDE)
            await self.photograph(page, role, landed, WIDE)
            await page.set_viewport_size({"width": NARROW, "height": 844})
            issues += await self.audit(page, NARROW)
            await self.photograph(page, role, landed, NARROW)
            sideways = await page.evaluate(SIDEWAYS, NARROW)
            if sideways:
                issues.append(f"scrolls sideways at {NARROW} px: {sideways}")
            self.problems += [f"[{role}] {landed}: {issue}" for issue in issues]
            links = await page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
            for href in links:
                target = urlsplit(href)
                if f"{target.scheme}://{target.netloc}" != self.origin:
                    continue
                if SKIPPED.search(target.path) or not is_new(target.path):
                    continue
                # Add forms last: the same form with data (a change page) says more.
                (later if target.path.endswith("/add/") else queue).append(target.path)

    async def audit(self, page, width: int) -> list[str]:
        if not await page.evaluate("() => typeof window.axe !== 'undefined'"):
            await page.evaluate(self.axe_source)
        return [
            f"{width}px {v['impact']} {v['id']} ({v['help']}) at {v['targets']}"
            for v in await page.evaluate(RUN_AXE)
            if v["impact"] in BLOCKING
        ]

    async def photograph(self, page, role: str, path: str, width: int):
        wanted = SCREENSHOTS.get(role, {})
        name = wanted.get(path) or wanted.get(page_kind(path)[0])
        if self.screenshots and name and (name, width) not in self.photographed:
            self.photographed.add((name, width))
            self.screenshots.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(self.screenshots / f"{name}-{width}.png"))


def test_the_api_docs_pass_axe_in_every_state_a_reader_opens(page):
    """The walk sees the docs as they load; a reader also opens an operation, tries it,
    reads the answer and its schema, and opens the Authorize dialog."""
    if not AXE.exists():
        pytest.skip(f"axe-core is missing at {AXE}: run `make install`")

    def blocking(state: str) -> list[str]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(AXE.read_text())
        return [
            f"{state}: {v['impact']} {v['id']} ({v['help']}) at {v['targets']}"
            for v in page.evaluate(RUN_AXE)
            if v["impact"] in BLOCKING
        ]

    page.goto("/api/v1/docs")
    page.wait_for_selector(DRAWN_LATER["/api/v1/docs"])
    assert page.title() == "API reference · Lodestar ML bootcamp"
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("link", name="Lodestar").first.get_attribute("href") == "/"
    problems = blocking("loaded")
    me = page.locator("#operations-account-me")
    me.locator(".opblock-summary-control").click()
    problems += blocking("an operation open")
    me.get_by_role("button", name="Try it out").click()
    me.get_by_role("button", name="Execute").click()
    me.locator(".live-responses-table").wait_for()
    problems += blocking("its answer shown")
    me.locator("button.tablinks[data-name=model]").first.click()
    problems += blocking("its schema shown")
    page.set_viewport_size({"width": NARROW, "height": 844})
    problems += blocking(f"at {NARROW} px")
    assert page.evaluate(SIDEWAYS, NARROW) is None
    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".modal-ux").wait_for()
    problems += blocking("the Authorize dialog open")
    assert not problems, "\n".join(problems)
