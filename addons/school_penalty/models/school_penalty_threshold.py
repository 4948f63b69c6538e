import logging

from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import to_date
from odoo.addons.school_attendance.rules import escalation
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..rules import penalty
from .school_penalty_notice import THRESHOLD_OFFENCES

_logger = logging.getLogger(__name__)

#: What each reason for setting a session aside says in a proposal's evidence note.
SET_ASIDE_TEXT = {
    penalty.SET_ASIDE_USED: "already supports %(notice)s",
    penalty.SET_ASIDE_OUTSIDE_PERIOD: "outside the improvement period",
    penalty.SET_ASIDE_RECENT_N: "N less than %(days)d school days old (may still be replaced)",
}


class SchoolPenaltyThreshold(models.AbstractModel):
    """The one place that turns the penalty threshold into proposals.

    The daily scan (:meth:`propose`, called by the cron and by the pupil's
    button), the officer's proposal of penalty notices
    (:meth:`propose_penalty_notices`) and the end of an improvement period
    (``school.notice.to.improve.check_improvement_periods``) all read the
    pupils' marks once (``school.pupil._penalty_thresholds``) and then ask,
    per parent, what a proposal may rest on (:meth:`parent_status`,
    ``rules.penalty.proposal_status``): never a session that already supports
    a notice to that parent for that child; after a notice to improve, only
    the unauthorised sessions inside its improvement period; an ``N`` only
    once it is older than the school's limit for replacing it. Each draft
    says which sessions count and which were set aside (``evidence_note``).
    Nothing is issued here: a person confirms each draft.
    """

    _name = "school.penalty.threshold"
    _description = "Penalty Threshold Proposals"

    @api.model
    def propose(self, pupils, on_date):
        """Draft what the threshold calls for, for every pupil in ``pupils``.

        Returns ``{'notice_to_improve_ids': [...], 'penalty_notice_ids': [...]}``.
        """
        statuses = pupils._penalty_thresholds(on_date)
        proposed = {"notice_to_improve_ids": [], "penalty_notice_ids": []}
        # A pupil not of compulsory school age on ``on_date`` gets no proposal.
        for pupil in pupils.filtered(
            lambda p: statuses[p.id]["met"] and statuses[p.id]["is_compulsory_school_age"]
        ):
            try:
                # One pupil's bad data (e.g. no parent's address) must not stop
                # the daily run for the trust: it is logged and skipped.
                with self.env.cr.savepoint():
                    ntis, notices = self._propose_for_pupil(pupil, statuses[pupil.id], on_date)
            except (UserError, ValidationError) as exc:
                _logger.warning("Penalty threshold scan: %s skipped: %s", pupil.name, exc.name)
                continue
            proposed["notice_to_improve_ids"] += ntis.ids
            proposed["penalty_notice_ids"] += notices.ids
        return proposed

    @api.model
    def propose_penalty_notices(
        self, pupil, on_date, offence="unauthorised_absence", partner_ids=None
    ):
        """One DRAFT penalty notice per parent in law of ``pupil`` (see the pupil's method)."""
        pupil._check_compulsory_school_age(on_date, _("a penalty notice"))
        status = pupil._penalty_threshold(on_date)
        parents = pupil._penalty_parent_contacts().mapped("partner_id")
        if partner_ids is not None:
            parents = parents.filtered(lambda p: p.id in partner_ids)
        if not parents:
            raise UserError(
                _(
                    "%s has no parent to send a notice to: record a contact with "
                    "parental responsibility, or one who lives with and looks after "
                    "the pupil."
                )
                % pupil.name
            )
        notice_model = self.env["school.penalty.notice"]
        notices, refusals = notice_model.browse(), []
        for partner in parents:
            if notice_model.search_count(
                [
                    ("pupil_id", "=", pupil.id),
                    ("partner_id", "=", partner.id),
                    ("state", "=", "draft"),
                ]
            ):
                continue
            nti = self._open_notice_to_improve(pupil, partner, offence)
            result = self.parent_status(pupil, status, partner, on_date, nti)
            if offence == "term_time_holiday":
                result = self._holiday_only(result)
            if offence in THRESHOLD_OFFENCES and not result["met"]:
                refusals.append(self._refusal(pupil, partner, result, status))
                continue
            notices |= notice_model.create(
                {
                    "pupil_id": pupil.id,
                    "partner_id": partner.id,
                    "offence": offence,
                    "case_id": nti.case_id.id,
                    "date_issued": fields.Date.to_string(on_date),
                    "mark_ids": [(6, 0, result["mark_ids"])],
                    "notice_to_improve_id": nti.id,
                    "evidence_note": result["note"],
                }
            )
        if refusals and not notices:
            raise UserError("\n".join(refusals))
        return notices

    @api.model
    def parent_status(self, pupil, status, partner, on_date, nti=None):
        """``rules.penalty.proposal_status`` of ``pupil``'s ``status`` for one parent.

        ``nti``: the notice to improve the proposal follows (only its period
        counts). Adds ``mark_ids`` (the kept sessions) and ``note`` (the text
        saying which sessions count and which were set aside, and why).
        """
        used_by = self.env["school.statutory.notice"]._marks_used_for(pupil, partner)
        key_of = {
            mark_id: (mark[0], mark[1])
            for mark_id, mark in zip(status["mark_ids"], status["marks"], strict=True)
        }
        id_of = {key: mark_id for mark_id, key in key_of.items()}
        settle_days = pupil.company_id.penalty_n_settle_school_days
        result = penalty.proposal_status(
            status,
            to_date(on_date),
            status["session_dates"],
            used={key_of[mark_id] for mark_id in used_by if mark_id in key_of},
            period=nti._improvement_period() if nti else None,
            settle_days=settle_days,
        )
        result["mark_ids"] = [id_of[(mark[0], mark[1])] for mark in result["marks"]]
        result["note"] = self._evidence_note(result, status, used_by, id_of, settle_days, nti)
        return result

    def _evidence_note(self, result, status, used_by, id_of, settle_days, nti):
        lines = [
            _(
                "%(sessions)d unauthorised session(s) in the 10 school weeks from "
                "%(start)s to %(end)s."
            )
            % {
                "sessions": status["sessions"],
                "start": escalation.format_date(status["window_start"]),
                "end": escalation.format_date(status["window_end"]),
            }
        ]
        if nti:
            start, end = result["period"]
            lines.append(
                _(
                    "After %(nti)s only absence in its improvement period "
                    "(%(start)s to %(end)s) counts."
                )
                % {
                    "nti": nti.display_name,
                    "start": escalation.format_date(start),
                    "end": escalation.format_date(end),
                }
            )
        lines.append(
            _("Counted (%d): %s")
            % (result["sessions"], ", ".join(_mark_text(m) for m in result["marks"]) or "-")
        )
        for mark, reason in result["set_aside"]:
            notice = used_by.get(id_of[(mark[0], mark[1])])
            lines.append(
                _("Set aside: %s, %s")
                % (
                    _mark_text(mark),
                    _(SET_ASIDE_TEXT[reason])
                    % {"notice": notice.display_name if notice else "", "days": settle_days},
                )
            )
        return "\n".join(lines)

    def _refusal(self, pupil, partner, result, status):
        if result["period"]:
            return _(
                "No penalty notice to %(parent)s: no unauthorised absence of %(pupil)s "
                "counts inside the improvement period of the notice to improve."
            ) % {"parent": partner.name, "pupil": pupil.name}
        return _(
            "No penalty notice to %(parent)s: %(pupil)s is under the threshold for this "
            "parent: %(kept)d session(s) of unauthorised absence can support it in the "
            "10 school weeks to %(end)s (%(set_aside)d set aside: already used for a "
            "notice to this parent, or an N still too recent), %(needed)d needed."
        ) % {
            "parent": partner.name,
            "pupil": pupil.name,
            "kept": result["sessions"],
            "set_aside": len(result["set_aside"]),
            "end": escalation.format_date(status["window_end"]),
            "needed": result["threshold"],
        }

    @staticmethod
    def _holiday_only(result):
        """The result restricted to the term-time holiday sessions (G)."""
        kept = [
            (mark_id, mark)
            for mark_id, mark in zip(result["mark_ids"], result["marks"], strict=True)
            if mark[2] == "G"
        ]
        return dict(
            result,
            marks=[mark for _id, mark in kept],
            mark_ids=[mark_id for mark_id, _mark in kept],
            sessions=len(kept),
            met=len(kept) >= result["threshold"],
        )

    def _open_notice_to_improve(self, pupil, partner, offence):
        """The latest notice to improve a penalty notice for ``offence`` would follow."""
        if offence != "unauthorised_absence":
            return self.env["school.notice.to.improve"]
        return self.env["school.notice.to.improve"].search(
            [
                ("pupil_id", "=", pupil.id),
                ("partner_id", "=", partner.id),
                ("state", "in", ("issued", "not_improved")),
            ],
            limit=1,
        )

    def _propose_for_pupil(self, pupil, status, on_date):
        """Draft what the threshold ``status`` of ``pupil`` calls for, per parent.

        A term-time holiday (the G sessions alone meet the threshold) needs no
        notice to improve (seed 002, Appendix C point 2): draft penalty
        notices. Otherwise a draft notice to improve, resting on the sessions
        counted for that parent. A parent with a draft, or a notice to improve
        whose period still runs, gets nothing new; sessions already used for
        a notice to the parent never count again, so the next day's scan
        proposes nothing on the same absence. The drafts join the pupil's
        open case, which gets a note and an activity. Returns (notices to
        improve, penalty notices).
        """
        nti_model = self.env["school.notice.to.improve"]
        notice_model = self.env["school.penalty.notice"]
        is_holiday = status["by_code"].get("G", 0) >= status["threshold"]
        ntis, notices = nti_model.browse(), notice_model.browse()
        case = None
        for partner in pupil._penalty_parent_contacts().mapped("partner_id"):
            if self._has_pending(pupil, partner, on_date):
                continue
            result = self.parent_status(pupil, status, partner, on_date)
            holiday = self._holiday_only(result) if is_holiday else None
            if not (holiday if is_holiday else result)["met"]:
                continue
            case = case or pupil._penalty_case(
                "term_time_holiday" if is_holiday else "low_attendance",
                on_date,
                _("penalty notice threshold met: %s") % _figures(status),
            )
            if holiday:
                notices |= notice_model.create(
                    {
                        "pupil_id": pupil.id,
                        "partner_id": partner.id,
                        "offence": "term_time_holiday",
                        "case_id": case.id,
                        "date_issued": fields.Date.to_string(on_date),
                        "mark_ids": [(6, 0, holiday["mark_ids"])],
                        "evidence_note": holiday["note"],
                    }
                )
            else:
                ntis |= nti_model.create(
                    {
                        "pupil_id": pupil.id,
                        "partner_id": partner.id,
                        "case_id": case.id,
                        "date_issued": fields.Date.to_string(on_date),
                        "offence_details": _("Unauthorised absence: %s.") % _figures(status),
                        "mark_ids": [(6, 0, result["mark_ids"])],
                        "evidence_note": result["note"],
                    }
                )
        if not case:
            return ntis, notices
        proposed = (
            _("draft penalty notice(s) for a term-time holiday to %s")
            % ", ".join(notices.mapped("partner_id.name"))
            if notices
            else _("draft notice(s) to improve to %s") % ", ".join(ntis.mapped("partner_id.name"))
        )
        message = _(
            "Penalty notice threshold met: %s → %s. Nothing is issued until an "
            "authorised officer confirms."
        ) % (_figures(status), proposed)
        case.message_post(body=html_escape(message), subtype="mail.mt_note")
        case._schedule_penalty_review(message, on_date)
        return ntis, notices

    def _has_pending(self, pupil, partner, on_date):
        """A draft notice, or a notice to improve whose period has not ended, to ``partner``."""
        same = [("pupil_id", "=", pupil.id), ("partner_id", "=", partner.id)]
        nti_model = self.env["school.notice.to.improve"]
        return bool(
            nti_model.search_count(same + [("state", "=", "draft")])
            or nti_model.search_count(
                same
                + [("state", "=", "issued"), ("date_end", ">=", fields.Date.to_string(on_date))]
            )
            or self.env["school.penalty.notice"].search_count(same + [("state", "=", "draft")])
        )


def _mark_text(mark):
    return "%s %s %s" % (escalation.format_date(mark[0]), str(mark[1]).upper(), mark[2])


def _figures(status):
    return _(
        "%(sessions)d sessions of unauthorised absence (%(codes)s) in the 10 "
        "school weeks from %(start)s to %(end)s"
    ) % {
        "sessions": status["sessions"],
        "codes": ", ".join(
            "%s: %d" % (code, count) for code, count in sorted(status["by_code"].items())
        ),
        "start": escalation.format_date(status["window_start"]),
        "end": escalation.format_date(status["window_end"]),
    }
