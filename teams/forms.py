"""Forms of the team capstone; the rules are teams.services'."""

from django import forms
from django.contrib.auth import get_user_model

from config.guards import GuardedFormMixin
from enrolment.models import Enrolment
from teams.models import MAX_TEAM_SIZE, Membership


def _students(cohort, *, capstone, free_only=False):
    students = (
        get_user_model()
        .objects.filter(enrolments__cohort=cohort, enrolments__status__in=Enrolment.WITH_LAB_ACCESS)
        .order_by("last_name", "first_name", "username")
    )
    if free_only:
        taken = Membership.objects.filter(
            capstone=capstone, status=Membership.Status.ACTIVE
        ).values("user_id")
        students = students.exclude(pk__in=taken)
    return students


def _label(user) -> str:
    return user.get_full_name() or user.username


class TeamProposeForm(GuardedFormMixin, forms.Form):
    name = forms.CharField(max_length=60, label="Team name")


class InviteForm(GuardedFormMixin, forms.Form):
    invitee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), label="Classmate to invite"
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["invitee"]
        field.queryset = _students(team.cohort, capstone=team.capstone, free_only=True)
        field.label_from_instance = _label


class ContributionForm(GuardedFormMixin, forms.Form):
    milestone = forms.ModelChoiceField(queryset=None)
    member = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    note = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = team.capstone.milestones.all()
        member = self.fields["member"]
        member.queryset = (
            get_user_model()
            .objects.filter(
                team_memberships__team=team,
                team_memberships__status__in=[Membership.Status.ACTIVE, Membership.Status.LEFT],
            )
            .distinct()
        )
        member.label_from_instance = _label


class TeamFormForm(GuardedFormMixin, forms.Form):
    name = forms.CharField(max_length=60, label="Team name")
    members = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Two to {MAX_TEAM_SIZE} students not yet in a team.",
    )

    def __init__(self, *args, cohort, capstone, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        field.queryset = _students(cohort, capstone=capstone, free_only=True)
        field.label_from_instance = _label


class MemberAddForm(GuardedFormMixin, forms.Form):
    student = forms.ModelChoiceField(queryset=get_user_model().objects.none())

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["student"]
        field.queryset = _students(team.cohort, capstone=team.capstone, free_only=True)
        field.label_from_instance = _label


class DemoSlotForm(GuardedFormMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts at", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    minutes = forms.IntegerField(min_value=5, max_value=120, initial=15)
    room = forms.CharField(max_length=60, required=False)
