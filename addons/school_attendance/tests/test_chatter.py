"""Notes in a school record's chatter: followers with an inbox get them there;
a note nobody is to be notified of costs no formatting for the bus."""

from unittest.mock import patch

from .common import SchoolAttendanceCase


class TestChatter(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(TestChatter, cls).setUpClass()
        cls.pupil = (
            cls.env["school.pupil"]
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "first_name": "Amira",
                    "last_name": "Khan",
                    "company_id": cls.company.id,
                    "date_admitted": "2024-09-02",
                }
            )
        )
        cls.note = cls.env.ref("mail.mt_note")

    def _post_note(self, body):
        """Post ``body`` as a note on the pupil as the manager; ``(message, formats)``."""
        message_class = type(self.env["mail.message"])
        real = message_class.message_format
        formats = []

        def counting(messages):
            formats.append(messages.ids)
            return real(messages)

        with patch.object(message_class, "message_format", counting):
            message = self.pupil.sudo(self.manager).message_post(body=body, subtype="mail.mt_note")
        return message, formats

    def test_note_nobody_follows_is_not_formatted_for_the_bus(self):
        self.assertFalse(self.pupil.message_follower_ids)
        message, formats = self._post_note("Letter LET/1 printed.")
        self.assertEqual(formats, [], "nobody to notify: nothing formatted")
        self.assertIn(message, self.pupil.message_ids)
        self.assertIn("Letter LET/1 printed.", message.body)
        self.assertFalse(message.needaction_partner_ids)

    def test_follower_with_inbox_is_notified(self):
        self.officer.notification_type = "inbox"
        self.pupil.message_subscribe(
            partner_ids=[self.officer.partner_id.id], subtype_ids=[self.note.id]
        )
        message, formats = self._post_note("Letter LET/2 printed.")
        self.assertEqual(formats, [message.ids], "formatted once for the follower's inbox")
        self.assertEqual(message.needaction_partner_ids, self.officer.partner_id)
        channel = '["%s","ir.needaction",%d]' % (self.cr.dbname, self.officer.partner_id.id)
        sent = self.env["bus.bus"].search([("channel", "=", channel)])
        self.assertTrue(sent.filtered(lambda bus: "Letter LET/2 printed." in bus.message))
