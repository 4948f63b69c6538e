"""A report or file the user may not see answers 403 (404 when there is no such
record), never a 500 server error with a traceback."""

import uuid

import pytest

from tests.harness.rpc import OdooClient, http_status, web_session

pytestmark = pytest.mark.rpc

REPORT = "school_attendance.report_pupil_attendance"


def _admin(odoo_server):
    return OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")


@pytest.fixture(scope="module")
def other_school_pupil(odoo_server):
    """A pupil of a school of its own, and a teacher of another school."""
    admin = _admin(odoo_server)
    tag = uuid.uuid4().hex[:8]
    school = admin.call("res.company", "create", {"name": "Report School %s" % tag})
    group = admin.call(
        "school.group", "create", {"name": "R%s" % tag[:4], "year_group": "5", "company_id": school}
    )
    pupil = admin.call(
        "school.pupil",
        "create",
        {
            "first_name": "Rhea",
            "last_name": "Private",
            "group_id": group,
            "company_id": school,
            "date_admitted": "2022-09-05",
        },
    )
    login = "report.teacher.%s" % tag
    admin.call(
        "res.users",
        "create",
        {
            "name": "Report Teacher",
            "login": login,
            "password": login,
            "groups_id": [(6, 0, [admin.ref("school_attendance.group_attendance_teacher")])],
        },
    )
    return pupil, web_session(odoo_server.url, odoo_server.db, login, login)


def test_report_of_a_pupil_of_another_school_is_forbidden(odoo_server, other_school_pupil):
    pupil, teacher = other_school_pupil
    for converter in ("pdf", "html"):
        url = "%s/report/%s/%s/%d" % (odoo_server.url, converter, REPORT, pupil)
        assert http_status(teacher, url) == 403, converter


def test_report_of_no_such_pupil_is_not_found(odoo_server, other_school_pupil):
    _pupil, teacher = other_school_pupil
    url = "%s/report/html/%s/%d" % (odoo_server.url, REPORT, 10**8)
    assert http_status(teacher, url) in (403, 404)


def test_download_of_a_file_the_user_may_not_read_is_forbidden(odoo_server, other_school_pupil):
    pupil, teacher = other_school_pupil
    url = "%s/web/content/school.pupil/%d/image" % (odoo_server.url, pupil)
    assert http_status(teacher, url) in (403, 404)
