"""The journey in a real browser against the Stripe server: sign up, confirm, pay the
deposit with the server's test card through its Stripe.js (no CDN), see the balance on the
account page, and see the refund before withdrawing. The server sends its own signed
webhook to the site, which alone marks the deposit paid. Axe checks the new pages."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from enrolment.models import Enrolment
from tests.enrolment.factories import CohortFactory
from tests.stripe_server import webhooks_to
from tests.support import ROOT
from tuition.models import TuitionAccount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "stars-over-the-harbour-9"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Stripe's card form is Stripe's (here the server's stand-in): not ours to audit.
RUN_AXE = """async () => {
  const result = await axe.run({exclude: [["#card-element"]]}, {resultTypes: ["violations"]});
  return result.violations.filter(v => ["critical", "serious"].includes(v.impact))
    .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""


def _axe(page) -> list[str]:
    if not Path(AXE).exists():
        pytest.skip("axe-core is missing: run `make install`")
    found = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(Path(AXE).read_text())
        found += [f"{page.url} at {width}: {v}" for v in page.evaluate(RUN_AXE)]
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def _sign_up(page, cohort):
    page.goto(f"/signup/?cohort={cohort.pk}")
    page.check(f"input[name=program][value='{cohort.program_id}']")
    page.select_option("select[name=cohort]", str(cohort.pk))
    page.fill("input[name=name]", "Grace Hopper")
    page.fill("input[name=email]", "grace@example.com")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.select_option("select[name=background]", "software_engineer")
    page.check("input[name=python_experience][value=confident]")
    page.check("input[name=java_experience][value=some]")
    page.check("input[name=cpp_experience][value=none]")
    page.fill("textarea[name=motivation]", "I want to put compilers and models together.")
    page.check("input[name=consent]")
    page.click("#signup-form [type=submit]")
    page.wait_for_url("**/signup/done/")


@pytest.fixture
def events_to_the_site(live_server, stripe_server):
    """The server's events go to this test's site, and nowhere once it is over (the live
    server outlives the test; later tests' charges must not reach it)."""
    webhooks_to(stripe_server, f"{live_server.url}/tuition/stripe/webhook/")
    yield
    webhooks_to(stripe_server, "http://127.0.0.1:9/nowhere/")


def test_deposit_paid_by_card_then_balance_then_refund_shown(
    page, stripe_on, stripe_server, events_to_the_site, tuition_price, eager_celery, mailoutbox
):
    cohort = CohortFactory(program=tuition_price.program, capacity=5, name="Intensive Spring")
    _sign_up(page, cohort)
    link = re.search(r"/email/confirm/[^/\s]+/", mailoutbox[0].body).group(0)
    page.goto(link)
    page.goto("/account/")
    panel = page.get_by_test_id("tuition-statement")
    expect(panel).to_contain_text("Deposit due")
    page.get_by_role("link", name="Pay the deposit to keep your seat").click()

    page.wait_for_url("**/deposit/")
    expect(page.get_by_test_id("deposit-amount")).to_have_text("EUR 500.00")
    assert page.locator(f"script[src^='{stripe_server}/js.stripe.com/v3/']").count() == 1
    card = page.locator("#card-element")
    expect(card.locator("input[placeholder=number]")).to_be_visible()
    problems = _axe(page)
    card.locator("input[placeholder=number]").fill("4242424242424242")
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("10115")
    page.get_by_role("button", name="Pay EUR 500.00").click()

    page.wait_for_url("**/account/")
    expect(page.get_by_text("your deposit is being processed")).to_be_visible()
    # Stripe's signed event reaches the site a moment later; a reload then shows it.
    for _ in range(40):
        page.reload()
        if "EUR 500.00" in page.get_by_test_id("tuition-paid").inner_text():
            break
        page.wait_for_timeout(250)
    expect(page.get_by_test_id("tuition-paid")).to_have_text("EUR 500.00")
    expect(page.get_by_test_id("tuition-owed")).to_have_text("EUR 8,500.00")
    expect(page.get_by_test_id("tuition-receipts")).to_contain_text("Deposit, EUR 500.00")
    problems += _axe(page)
    account = TuitionAccount.objects.get(enrolment__cohort=cohort)
    assert account.status == TuitionAccount.Status.DEPOSIT_PAID

    page.locator(".enrolment-card").get_by_role("link", name=re.compile("Withdraw")).click()
    page.wait_for_url("**/withdraw/")
    expect(page.get_by_text("Withdrawing today refunds EUR 500.00")).to_be_visible()
    problems += _axe(page)
    page.get_by_role("button", name="Yes, withdraw").click()
    page.wait_for_url("**/account/")
    enrolment = Enrolment.objects.get(cohort=cohort)
    assert enrolment.status == Enrolment.Status.WITHDRAWN
    refund = account.refunds.get()
    assert refund.amount_minor == 50_000 and refund.stripe_refund_id.startswith("re_")
    assert problems == []
