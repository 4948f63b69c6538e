import datetime

from odoo import _, fields, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from ..dates import format_day, to_date
from ..models.mail_thread import portal_author
from ..models.school_leave_request import NOTICE_DAYS

#: Weeks of the register shown on a child's page unless the whole year is asked for.
RECENT_WEEKS = 4


class ParentPortal(CustomerPortal):
    """The parents' portal: a parent's children, their attendance and requests.

    Every read goes through the parent's own access rights: the record rules
    of ``base.group_portal`` (security/school_portal_security.xml) limit them
    to the pupils they hold parental responsibility for.
    """

    def _prepare_portal_layout_values(self):
        values = super(ParentPortal, self)._prepare_portal_layout_values()
        values["child_count"] = len(self._get_children())
        return values

    def _get_children(self):
        """The pupils the logged-in user is a parent (with parental responsibility) of."""
        Pupil = request.env["school.pupil"]
        if not Pupil.check_access_rights("read", raise_exception=False):
            return Pupil
        return Pupil.search(
            [("parent_partner_ids", "in", [request.env.user.partner_id.id])],
            order="first_name, last_name",
        )

    def _get_child(self, pupil_id):
        """The pupil ``pupil_id`` if the user is their parent; None otherwise."""
        pupil = self._get_children().filtered(lambda p: p.id == pupil_id)
        return pupil or None

    def _prepare_child_values(self, pupil, show_year=False):
        """What a child's page shows; other addons add their documents."""
        today = fields.Date.context_today(pupil)
        year_start = pupil.get_portal_year_start()
        date_from = year_start
        if not show_year:
            recent = to_date(today) - datetime.timedelta(weeks=RECENT_WEEKS)
            date_from = max(year_start, fields.Date.to_string(recent)) if year_start else None
        days = pupil.get_portal_sessions(date_from, today) if date_from else []
        for day in days:
            day["label"] = format_day(day["date"])
        contracts = request.env["school.attendance.contract"].search(
            [("pupil_id", "=", pupil.id), ("state", "in", ("draft", "active"))]
        )
        reviews = request.env["school.attendance.contract.review"].search(
            [
                ("contract_id", "in", contracts.ids),
                ("state", "=", "planned"),
                ("date_planned", ">=", today),
            ],
            order="date_planned",
        )
        next_review = {}
        for review in reviews:
            next_review.setdefault(review.contract_id.id, format_day(review.date_planned))
        return {
            "page_name": "child",
            "pupil": pupil,
            "year_start": format_day(year_start),
            "days": days,
            "show_year": show_year,
            "recent_weeks": RECENT_WEEKS,
            "contracts": contracts,
            "next_review": next_review,
            "leave_requests": request.env["school.leave.request"].search(
                [("pupil_id", "=", pupil.id)]
            ),
            "absence_reports": request.env["school.absence.report"].search(
                [("pupil_id", "=", pupil.id)], limit=10
            ),
            "format_day": format_day,
            "message": request.params.get("message"),
            "foresight": self._child_foresight(pupil),
        }

    def _child_foresight(self, pupil):
        """The sentences a parent reads about the 96% and 90% lines (and 50% below 90%)."""
        row = pupil.get_attendance_foresight()[0]
        below_90 = any(line["line"] == "90" and line["below"] for line in row["lines"])
        return [
            sentence
            for line, sentence in zip(row["lines"], row["sentences"], strict=True)
            if line["line"] != "50" or below_90
        ]

    @http.route(["/my/children"], type="http", auth="user", website=True)
    def portal_my_children(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "children", "children": self._get_children()})
        return request.render("school_attendance.portal_my_children", values)

    @http.route(["/my/children/<int:pupil_id>"], type="http", auth="user", website=True)
    def portal_my_child(self, pupil_id, year=None, **kw):
        pupil = self._get_child(pupil_id)
        if not pupil:
            return request.redirect("/my/children")
        values = self._prepare_portal_layout_values()
        values.update(self._prepare_child_values(pupil, show_year=bool(year)))
        return request.render("school_attendance.portal_my_child", values)

    @http.route(
        ["/my/children/<int:pupil_id>/absence"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_child_absence(self, pupil_id, **post):
        pupil = self._get_child(pupil_id)
        if not pupil:
            return request.redirect("/my/children")
        Report = request.env["school.absence.report"]
        dates = Report.get_reportable_dates(pupil)
        error = error_field = None
        if request.httprequest.method == "POST":
            vals = {
                "pupil_id": pupil.id,
                "date": post.get("date"),
                "period": post.get("period") or False,
                "reason": (post.get("reason") or "").strip(),
            }
            if post.get("date") not in dates:
                error, error_field = _("Choose one of the school days in the list."), "date"
            else:
                error, error_field = self._create_or_error(Report, vals, field="date")
            if not error:
                return request.redirect("/my/children/%d?message=absence" % pupil.id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "child_absence",
                "pupil": pupil,
                "dates": [(day, format_day(day)) for day in dates],
                "error": error,
                "error_field": error_field,
                "post": post,
            }
        )
        return request.render("school_attendance.portal_child_absence", values)

    @http.route(
        ["/my/children/<int:pupil_id>/leave"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_child_leave(self, pupil_id, **post):
        pupil = self._get_child(pupil_id)
        if not pupil:
            return request.redirect("/my/children")
        contact = pupil.contact_ids.filtered(lambda c: c.partner_id == request.env.user.partner_id)[
            :1
        ]
        error = error_field = None
        if request.httprequest.method == "POST":
            vals = {
                "pupil_id": pupil.id,
                "requested_by_id": contact.id,
                "date_from": post.get("date_from") or False,
                "date_to": post.get("date_to") or False,
                "reason": (post.get("reason") or "").strip(),
            }
            error, error_field = self._date_error(
                post,
                (("date_from", _("First day of leave")), ("date_to", _("Last day of leave"))),
            )
            if not error:
                error, error_field = self._create_or_error(
                    request.env["school.leave.request"], vals, field="date_from", submit=True
                )
            if not error:
                return request.redirect("/my/children/%d?message=leave" % pupil.id)
        today = to_date(fields.Date.context_today(pupil))
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "child_leave",
                "pupil": pupil,
                "notice_days": NOTICE_DAYS,
                "first_on_time": format_day(today + datetime.timedelta(days=NOTICE_DAYS)),
                "first_on_time_iso": fields.Date.to_string(
                    today + datetime.timedelta(days=NOTICE_DAYS)
                ),
                "today_iso": fields.Date.to_string(today),
                "error": error,
                "error_field": error_field,
                "post": post,
            }
        )
        return request.render("school_attendance.portal_child_leave", values)

    def _date_error(self, post, names):
        """``(message, field)`` for the first of ``names`` (name, label) not sent as a
        date ('YYYY-MM-DD', what a date field sends); ``(None, None)`` when all are."""
        for name, label in names:
            try:
                datetime.datetime.strptime(post.get(name) or "", "%Y-%m-%d")
            except ValueError:
                return (
                    _("%s is not a date: choose the day in the calendar, or type it as YYYY-MM-DD.")
                    % label,
                    name,
                )
        return None, None

    def _create_or_error(self, model, vals, field, submit=False):
        """Create the parent's record.

        Returns ``(message, field)``: what is wrong and the form field the message is
        about (the page ties the two together for screen readers), or ``(None, None)``
        when saved. ``field`` is the field a refusal of the record is about.
        """
        if not vals.get("reason"):
            return _("Please give the reason."), "reason"
        try:
            with request.env.cr.savepoint():
                record = model.create(vals)
                if submit:
                    # sudo: parents have no write access to requests (it would let
                    # them edit one after the decision); submitting their own new
                    # request is the one change they make.
                    # The chatter names the parent who submitted it.
                    author = request.env.user.partner_id.id
                    record.sudo().with_context(**portal_author(author)).action_submit()
        except (AccessError, UserError, ValidationError) as exc:
            return (exc.name if hasattr(exc, "name") else str(exc)), field
        return None, None
