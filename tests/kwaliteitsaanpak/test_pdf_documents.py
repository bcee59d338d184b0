"""Every PDF the application makes is tagged for screen readers (PDF/UA-1: a structure tree, the marked flag, the
document's language and title), and a link that says "PDF downloaden" downloads the file under its own name.

Checked with poppler's `pdfinfo` (poppler-utils, installed by scripts/ensure-services.sh): `Tagged: yes` is the
MarkInfo /Marked flag, `-struct` prints the structure tree."""

import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from audits.constants import AuditDecision
from tests.actors import BOARD, EXPERT_GROUP, STAFF
from tests.audits.factories_audits import adopted_audit
from tests.factories import GoalFactory, ImprovementPlanFactory, MeasureFactory
from tests.improvement_plans.worlds import make_world, trajectory_in


@pytest.fixture
def world(db):
    return make_world()


def pdfinfo(path, *options: str) -> str:
    return subprocess.run(["pdfinfo", *options, str(path)], check=True, capture_output=True, text=True).stdout


def pdf_info(path) -> dict[str, str]:
    """pdfinfo's lines as a dict ("Tagged": "yes", "Title": ...)."""
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in pdfinfo(path).splitlines())
    }


def downloaded(client, url: str, tmp_path, name: str):
    """The PDF at `url`: its response and its path on disk."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / name
    path.write_bytes(response.content)
    return response, path


def assert_tagged(path, title: str) -> None:
    info = pdf_info(path)
    assert info["Tagged"] == "yes", info
    assert info["PDF version"] == "1.7", info
    assert info["Title"].startswith(title), info
    structure = pdfinfo(path, "-struct")
    # The structure tree holds the document's headings, paragraphs and tables, in reading order.
    tags = {line.split()[0].rstrip(":") for line in structure.splitlines() if line.strip()}
    for tag in ("Document", "H1", "P", "Table", "TR", "TH", "TD"):
        assert tag in tags, f"no {tag} in the structure tree: {sorted(tags)}"


def test_the_plan_pdf_is_tagged_and_downloads_under_the_schools_name(client, world, tmp_path):
    trajectory = trajectory_in(world, "plan")
    plan = ImprovementPlanFactory(trajectory=trajectory, created_by=world[BOARD])
    goal = GoalFactory(
        plan=plan, order=1, description="Meer leerlingen halen 1F rekenen.", target=Decimal("80")
    )
    MeasureFactory(goal=goal, description="Teamscholing directe instructie.", estimated_cost=Decimal("1250"))
    client.force_login(world[BOARD])

    response, path = downloaded(
        client, reverse("improvement_plans:plan_pdf", args=[trajectory.pk, 1]), tmp_path, "plan.pdf"
    )

    school = trajectory.school
    assert (
        response["Content-Disposition"] == f'attachment; filename="verbeterplan-{school.code}-versie-1.pdf"'
    )
    assert_tagged(path, "Verbeterplan")


def test_the_audit_pdf_is_tagged_and_downloads_under_its_name(client, world, tmp_path):
    audit = adopted_audit(world, AuditDecision.CONTINUE)
    client.force_login(world[EXPERT_GROUP])

    response, path = downloaded(
        client, reverse("audits:audit_pdf", args=[audit.trajectory_id, audit.pk]), tmp_path, "audit.pdf"
    )

    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    assert response["Content-Disposition"].endswith('.pdf"')
    assert_tagged(path, "Audit")


def test_the_download_links_say_downloaden(client, world):
    audit = adopted_audit(world, AuditDecision.CONTINUE)
    client.force_login(world[STAFF])
    html = client.get(audit.get_absolute_url()).content.decode()
    assert "PDF downloaden" in html
