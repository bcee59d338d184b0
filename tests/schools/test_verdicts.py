"""Recording inspection verdicts: who may, what counts as the current verdict, and the reference list rules."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kwaliteitsaanpak.accounts.roles import Role
from schools import services
from schools.constants import ReferenceList, SupervisionArrangement, Verdict
from schools.models import InspectionVerdict, School
from tests.factories import InspectionVerdictFactory, SchoolFactory, UserFactory


def record(user, school, **overrides):
    fields = {
        "date": datetime.date(2008, 1, 10),
        "verdict": Verdict.VERY_WEAK,
        "supervision_arrangement": SupervisionArrangement.ADJUSTED,
        "report_reference": "INSP-1",
        "reference_list": ReferenceList.NONE,
        **overrides,
    }
    return services.inspection_verdict_record(user=user, school=school, **fields)


@pytest.fixture
def inspector(db):
    return UserFactory(role=Role.INSPECTION)


def current_verdict(school) -> str | None:
    return School.objects.with_current_verdict().get(pk=school.pk).current_verdict


def test_the_current_verdict_follows_the_latest_by_date(inspector):
    school = SchoolFactory()
    record(inspector, school, date=datetime.date(2010, 3, 1), verdict=Verdict.SUFFICIENT)
    assert current_verdict(school) == Verdict.SUFFICIENT
    # An older verdict recorded afterwards does not replace the current one.
    record(inspector, school, date=datetime.date(2008, 1, 10), verdict=Verdict.VERY_WEAK)
    assert current_verdict(school) == Verdict.SUFFICIENT
    record(inspector, school, date=datetime.date(2012, 6, 1), verdict=Verdict.WEAK)
    assert current_verdict(school) == Verdict.WEAK


def test_the_verdict_records_who_recorded_it(inspector):
    verdict = record(inspector, SchoolFactory())
    assert verdict.recorded_by == inspector
    assert verdict.history.first().history_type == "+"


@pytest.mark.parametrize(
    "role", [Role.PROGRAMME_STAFF, Role.EDUCATION_EXPERT, Role.SCHOOL_BOARD, Role.MUNICIPALITY]
)
def test_only_the_inspection_records_verdicts(db, role):
    user = UserFactory(role=role)
    school = SchoolFactory(board=user.school_board) if user.school_board else SchoolFactory()
    with pytest.raises(PermissionDenied):
        record(user, school)
    assert not InspectionVerdict.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "date", "toekomst"),
        ({"date": datetime.date(1999, 12, 31)}, "date", "1 januari 2000"),
        ({"verdict": Verdict.SUFFICIENT, "reference_list": ReferenceList.ORIGINAL}, "reference_list", "zwak"),
        (
            {"date": datetime.date(2008, 3, 1), "reference_list": ReferenceList.ORIGINAL},
            "reference_list",
            "later",
        ),
        (
            {"date": datetime.date(2007, 12, 1), "reference_list": ReferenceList.ADDITION},
            "reference_list",
            "31 januari 2008",
        ),
    ],
)
def test_a_verdict_that_breaks_a_rule_is_refused_with_a_dutch_message(inspector, overrides, field, message):
    school = SchoolFactory()
    with pytest.raises(ValidationError) as error:
        record(inspector, school, **overrides)
    assert message in " ".join(error.value.message_dict[field])
    assert not InspectionVerdict.objects.exists()


def test_a_second_verdict_on_the_same_date_is_refused(inspector):
    school = SchoolFactory()
    record(inspector, school)
    with pytest.raises(ValidationError) as error:
        record(inspector, school, verdict=Verdict.WEAK)
    assert "al een oordeel" in error.value.message_dict["date"][0]
    assert InspectionVerdict.objects.count() == 1


def test_marking_a_verdict_for_the_reference_list(inspector):
    school = SchoolFactory()
    verdict = InspectionVerdictFactory(school=school, date=datetime.date(2007, 11, 5), verdict=Verdict.WEAK)
    services.inspection_verdict_update(user=inspector, verdict=verdict, reference_list=ReferenceList.ORIGINAL)
    assert School.objects.with_current_verdict().get(pk=school.pk).on_reference_list


def test_a_later_addition_to_the_reference_list(inspector):
    school = SchoolFactory()
    record(inspector, school, date=datetime.date(2008, 5, 20), reference_list=ReferenceList.ADDITION)
    assert School.objects.with_current_verdict().get(pk=school.pk).on_reference_list


def test_the_database_refuses_a_sufficient_verdict_on_the_reference_list(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        InspectionVerdictFactory(verdict=Verdict.GOOD, reference_list=ReferenceList.ORIGINAL)
