"""Forms for sign-up, log-in, deferral and the admin's move action."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.urls import reverse_lazy

from config.guards import (
    GuardedFormMixin,
    IdModelChoiceField,
    parse_id,
    validate_person_name,
)
from enrolment import selectors
from enrolment.models import Cohort, Enrolment, Interest, Program
from enrolment.services import accounts, applications


class CohortChoiceField(IdModelChoiceField):
    show_program = False  # prefix the program's name when both programs are listed

    def label_from_instance(self, cohort):
        program = f"{cohort.program.name} · " if self.show_program else ""
        if cohort.status == Cohort.Status.FULL:
            # Full before it starts: choosing it is a place on its waitlist, as /programs/ says.
            places = "full: a place on the waitlist"
        else:
            places = f"{cohort.seats_left} seat{'s' if cohort.seats_left != 1 else ''} left"
        return (
            f"{program}{cohort.name}: {cohort.start_date:%-d %b %Y} to "
            f"{cohort.end_date:%-d %b %Y}, {places}"
        )


PASSWORDS_CLEARED = (
    "Everything you typed is still here except the two passwords, which we never send "
    "back to your browser: please type your password again."
)


class SignupForm(GuardedFormMixin, forms.Form):
    name = forms.CharField(
        max_length=accounts.NAME_MAX_LENGTH,
        label="Full name",
        validators=[validate_person_name],
    )
    email = forms.EmailField(
        max_length=accounts.EMAIL_MAX_LENGTH,
        help_text="You will log in with this address.",
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # Choosing a program reloads the cohort list (htmx; without JavaScript the server
    # checks the pair and the programs page links with the program already chosen).
    program = IdModelChoiceField(
        queryset=Program.objects.all(),
        widget=forms.RadioSelect(
            attrs={
                "hx-get": reverse_lazy("signup_cohorts"),
                "hx-target": "#div_id_cohort",
                "hx-swap": "outerHTML",
                "hx-trigger": "change",
            }
        ),
        empty_label=None,
    )
    cohort = CohortChoiceField(
        queryset=Cohort.objects.none(),
        required=False,
        empty_label="Next available cohort",
        error_messages={
            "invalid_choice": (
                "That cohort is not open for sign-up (it has started, or its application "
                "deadline has passed). Pick one from the list."
            )
        },
        help_text="A full cohort is a place on its waitlist. “Next available” is the "
        "earliest cohort with a free seat, else the waitlist of the earliest one, or the "
        "program's interest list when no cohort takes applications.",
    )
    background = forms.ChoiceField(
        choices=Enrolment.Background.choices, label="Which role describes you best?"
    )
    python_experience = forms.ChoiceField(
        choices=Enrolment.Experience.choices, widget=forms.RadioSelect, label="Python"
    )
    java_experience = forms.ChoiceField(
        choices=Enrolment.Experience.choices, widget=forms.RadioSelect, label="Java"
    )
    cpp_experience = forms.ChoiceField(
        choices=Enrolment.Experience.choices, widget=forms.RadioSelect, label="C++"
    )
    motivation = forms.CharField(
        max_length=applications.MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why do you want to become an ML engineer?",
        help_text=f"Up to {applications.MOTIVATION_MAX_LENGTH} characters.",
    )
    consent = forms.BooleanField(
        label="I agree that Lodestar stores these answers to run my application.",
        error_messages={"required": "We need your consent to process the application."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = self._chosen_program()
        cohort = self.fields["cohort"]
        # /programs/'s cohorts whose application deadline has not passed: the interest list
        # only when none takes applications.
        cohort.queryset = selectors.cohort_list_for_signup(program=self.program)
        cohort.show_program = self.program is None
        if not self.is_bound:
            self.explain_cohort_choice()
        self.helper = FormHelper()
        self.helper.form_id = "signup-form"
        self.helper.attrs = {"data-busy-text": "Creating your account…"}
        self.helper.layout = Layout(
            HTML(
                '{% if form.errors %}<div class="alert alert-info" role="status">'
                f"{PASSWORDS_CLEARED}</div>{{% endif %}}"
            ),
            Fieldset("About you", "name", "email", "password1", "password2"),
            Fieldset("Your track", "program", "cohort"),
            Fieldset(
                "Your background",
                "background",
                HTML('<p class="mb-1">Experience with each language</p>'),
                Div(
                    InlineRadios("python_experience"),
                    InlineRadios("java_experience"),
                    InlineRadios("cpp_experience"),
                    css_class="ms-2",
                ),
                "motivation",
            ),
            "consent",
            Submit("submit", "Create my account and apply", css_class="btn-signup btn-lg"),
        )

    def explain_cohort_choice(self) -> None:
        """Say what signing up gives when no cohort has a free seat (one query). Only for a
        form that is shown: a sign-up that succeeds never reads it (the view calls this
        before showing a form with errors again)."""
        field, program = self.fields["cohort"], self.program
        if program is None:
            return
        seats = [cohort.seats_left for cohort in field.queryset]
        if not seats:
            field.empty_label = f"Join the {program.name} interest list"
            field.help_text = (
                f"No {program.name} cohort is open for sign-up right now. You join its "
                "interest list, and when the next cohort opens we place everyone on the "
                "list in sign-up order and email you."
            )
        elif not any(seats) and program.admission == Program.Admission.AUTOMATIC:
            field.empty_label = "Next available cohort (waitlist)"
            field.help_text = (
                f"Every {program.name} cohort is full. You join the waitlist of the one you "
                "pick (“Next available”: the earliest) and we tell you your place; when a "
                "seat frees up it is offered to whoever is at the top."
            )

    def _chosen_program(self) -> Program | None:
        """The program picked in the submitted data, else the initial one, else None."""
        value = self.data.get("program") if self.is_bound else self.initial.get("program")
        if isinstance(value, Program):
            return value
        program_id = parse_id(value)
        return Program.objects.filter(pk=program_id).first() if program_id else None

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        User = get_user_model()
        if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
            raise forms.ValidationError(accounts.DUPLICATE_EMAIL)
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords do not match.")
        elif password1:
            name = cleaned.get("name", "")
            first_name, _, last_name = name.partition(" ")
            probe = get_user_model()(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=first_name,
                last_name=last_name,
            )
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        program, cohort = cleaned.get("program"), cleaned.get("cohort")
        if program and cohort and cohort.program_id != program.pk:
            self.add_error("cohort", f"{cohort.name} is a {cohort.program.name} cohort.")
        return cleaned

    def submit(self) -> Enrolment | Interest:
        """Call the service; its ValidationErrors land on the form and nothing is created."""
        data = self.cleaned_data
        return applications.application_submit(
            name=data["name"],
            email=data["email"],
            password=data["password1"],
            program=data["program"],
            cohort=data["cohort"],
            background=data["background"],
            python_experience=data["python_experience"],
            java_experience=data["java_experience"],
            cpp_experience=data["cpp_experience"],
            motivation=data["motivation"],
        )


class EmailAuthenticationForm(GuardedFormMixin, AuthenticationForm):
    """Log in with the email address (any case) or, for demo and staff accounts, a username."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email or username"

    def clean_username(self):
        login = self.cleaned_data["username"].strip()
        if "@" in login:
            user = get_user_model().objects.filter(email__iexact=login).order_by("pk").first()
            return user.get_username() if user else login.lower()
        return login


class DeferForm(GuardedFormMixin, forms.Form):
    cohort = CohortChoiceField(queryset=Cohort.objects.none(), empty_label=None)

    def __init__(self, *args, enrolment: Enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = selectors.cohort_list_for_deferral(enrolment=enrolment)
        self.fields["cohort"].label = "Move me to"


class MoveCohortForm(GuardedFormMixin, forms.Form):
    """The admin's intermediate page for the move action: any cohort that has not finished."""

    cohort = CohortChoiceField(queryset=Cohort.objects.none(), label="Target cohort")
    note = forms.CharField(max_length=200, required=False, help_text="Kept in the history.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        finished = Cohort.objects.with_status(Cohort.Status.FINISHED)
        self.fields["cohort"].queryset = (
            Cohort.objects.select_related("program")
            .exclude(pk__in=finished.values("pk"))
            .order_by("start_date", "program__ordering", "pk")
        )


class RejectForm(GuardedFormMixin, forms.Form):
    """The admin's intermediate page for the reject action."""

    message = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. Included in the email each applicant receives.",
    )
