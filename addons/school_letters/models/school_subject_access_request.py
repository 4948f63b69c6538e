import base64

from odoo import _, models


class SchoolSubjectAccessRequest(models.Model):
    """The letters in a subject access bundle: listed, and their PDFs as sent."""

    _inherit = "school.subject.access.request"

    def _subject_letters(self):
        domain = self._pupil_domain()
        partner = self._subject_partner()
        if partner:
            domain = domain + [("partner_id", "=", partner.id)]
        return self.env["school.letter"].search(domain, order="date, id")

    def _collect_sections(self):
        sections = super(SchoolSubjectAccessRequest, self)._collect_sections()
        third = self._third_party_partners()

        def to_other(letter):
            if letter.partner_id in third:
                return _("Addressed to %s, another person: check before release.") % (
                    letter.partner_id.name
                )
            return None

        letters = self._subject_letters()
        section = self._section(
            "letters",
            _("Letters"),
            letters,
            ["name", "date", "partner_id", "subject", "state", "channel"],
            to_other,
        )
        for row, letter in zip(section["rows"], letters, strict=True):
            row[_("File in the bundle")] = self._letter_path(letter) if letter.attachment_id else ""
        sections.append(section)
        return sections

    def _letter_path(self, letter):
        return "letters/%s.pdf" % letter.name.replace("/", "-")

    def _collect_files(self):
        files = super(SchoolSubjectAccessRequest, self)._collect_files()
        for letter in self._subject_letters().filtered("attachment_id"):
            files.append((self._letter_path(letter), base64.b64decode(letter.attachment_id.datas)))
        return files
