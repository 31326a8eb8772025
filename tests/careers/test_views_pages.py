"""Every career page loads for a visitor, shows its seeded content and stays cheap."""

import re

import pytest
from django.urls import reverse

from tests.careers.factories import PathPointFactory, QuestionFactory, RoleFactory

pytestmark = pytest.mark.django_db

ROLES_AND_SALARIES = [
    ("Data Analyst", "$67,703"),
    ("Data Scientist", "$98,957"),
    ("Machine Learning Specialist", "$92,019"),
    ("Machine Learning Engineer", "$111,763"),
    ("Senior Machine Learning Engineer", "$150,564"),
]


def test_home_leads_to_careers_programs_and_sign_up(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    for name in ["what", "salaries", "skills", "applications", "paths", "faq"]:
        assert f'href="{reverse(f"careers:{name}")}"' in html
    assert f'href="{reverse("programs")}"' in html
    assert re.search(rf'href="{reverse("signup")}"[^>]*>Sign up<', html)


def test_home_quotes_the_salary_range_from_the_roles(client):
    response = client.get(reverse("home"))

    assert "$67,703" in response.content.decode()
    assert "$150,564" in response.content.decode()


def test_home_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # roles, for the salary range
        client.get(reverse("home"))


def test_what_page_shows_responsibilities_system_types_and_entry_roles(client):
    response = client.get(reverse("careers:what"))

    assert response.status_code == 200
    for text in [
        "Designing and developing ML systems",
        "Algorithm development",
        "Data analysis and visualization",
        "Testing, optimizing and monitoring",
        "Real-time systems",
        "Batch systems",
        "Stream processing systems",
        "Embedded and edge systems",
        "Software Engineer",
        "Software Programmer",
        "Data Scientist",
        "Computer Engineer",
    ]:
        assert text in response.content.decode(), text


def test_what_page_costs_three_queries(client, django_assert_num_queries):
    # responsibilities, system types, entry roles
    with django_assert_num_queries(3):
        client.get(reverse("careers:what"))


def test_salaries_page_shows_every_role_with_its_formatted_salary(client):
    response = client.get(reverse("careers:salaries"))

    assert response.status_code == 200
    html = response.content.decode()
    for name, salary in ROLES_AND_SALARIES:
        # Once as a bar label and once in the table.
        assert html.count(name) >= 2, name
        assert html.count(salary) >= 2, salary


def test_salary_bars_are_drawn_to_scale_without_javascript(client):
    response = client.get(reverse("careers:salaries"))

    widths = re.findall(r'style="width: ([\d.]+)%"', response.content.decode())
    # Data Analyst 67,703 / Senior ML Engineer 150,564 = 45.0%.
    assert widths == ["45.0", "65.7", "61.1", "74.2", "100.0"]


def test_salaries_page_lists_roles_added_by_staff(client):
    RoleFactory(name="Chief Model Whisperer", average_salary_usd=301_128)

    response = client.get(reverse("careers:salaries"))

    html = response.content.decode()
    assert "Chief Model Whisperer" in html
    assert "$301,128" in html
    assert 'style="width: 100.0%">$301,128' in html


def test_salaries_page_costs_two_queries(client, django_assert_num_queries):
    RoleFactory.create_batch(3)

    # 1 roles, 2 graduates' published medians (registered by outcomes).
    with django_assert_num_queries(2):
        client.get(reverse("careers:salaries"))


def test_skills_page_shows_skills_and_why_each_language_matters(client):
    response = client.get(reverse("careers:skills"))

    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Mathematics and statistics", "Python", "Java", "C++", "JVM", "milliwatt"]:
        assert text in html, text


def test_skills_page_costs_two_queries(client, django_assert_num_queries):
    with django_assert_num_queries(2):  # skills, languages
        client.get(reverse("careers:skills"))


def test_applications_page_shows_the_three_applications(client):
    response = client.get(reverse("careers:applications"))

    assert response.status_code == 200
    for text in ["Facial recognition", "Spam filtering", "Personalized recommendations"]:
        assert text in response.content.decode(), text


def test_applications_page_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # applications
        client.get(reverse("careers:applications"))


def test_paths_page_compares_the_paths_with_pros_and_cons(client):
    response = client.get(reverse("careers:paths"))

    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Self-study", "University degree", "Bootcamp", "Pros", "Cons"]:
        assert text in html, text
    assert "Costs little or nothing" in html
    assert "Years of study and a high cost" in html
    assert f'href="{reverse("programs")}"' in html


def test_paths_page_puts_each_point_under_its_own_kind(client):
    response = client.get(reverse("careers:paths"))

    html = response.content.decode()
    bootcamp = html[html.index(">Bootcamp<") :]
    assert bootcamp.index("Fast, focused and practical") < bootcamp.index("Cons")
    assert bootcamp.index("Less theory than a degree") > bootcamp.index("Cons")


def test_paths_page_query_count_does_not_grow_with_paths(client, django_assert_num_queries):
    PathPointFactory.create_batch(4)

    with django_assert_num_queries(2):  # paths, their pros and cons
        client.get(reverse("careers:paths"))


def test_faq_answers_are_readable_without_javascript(client):
    response = client.get(reverse("careers:faq"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<details" in html
    assert "Do I need a computer science degree to become an ML engineer?" in html
    assert "a strong portfolio opens plenty of doors" in html.replace("\n", " ")


def test_faq_escapes_text_entered_by_staff(client):
    QuestionFactory(question="Is <b>this</b> safe?", answer="<script>alert(1)</script>")

    html = client.get(reverse("careers:faq")).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_faq_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # questions
        client.get(reverse("careers:faq"))


@pytest.mark.parametrize("name", ["what", "salaries", "skills", "applications", "paths", "faq"])
def test_every_career_page_ends_with_the_way_into_the_programs(client, name):
    html = client.get(reverse(f"careers:{name}")).content.decode()

    assert f'href="{reverse("programs")}"' in html
    assert f'href="{reverse("signup")}"' in html
    assert 'name="viewport"' in html
