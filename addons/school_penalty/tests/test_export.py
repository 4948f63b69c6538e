"""Trust finance's XLSX export of notices and payments, read back from the file."""

import base64
import datetime
import io
import re
import zipfile
from xml.etree import ElementTree

from odoo.exceptions import UserError

from .common import PenaltyCase

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def read_xlsx(data):
    """``{sheet name: {cell ref: value}}`` of an XLSX file (strings, numbers, dates as serials)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        strings = [
            "".join(node.itertext())
            for node in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).findall(
                "m:si", NS
            )
        ]
        names = [
            sheet.get("name")
            for sheet in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(
                "{%s}sheet" % NS["m"]
            )
        ]
        sheets = {}
        for number, name in enumerate(names, start=1):
            root = ElementTree.fromstring(archive.read("xl/worksheets/sheet%d.xml" % number))
            cells = {}
            for cell in root.iter("{%s}c" % NS["m"]):
                value = cell.find("m:v", NS)
                if value is None:
                    continue
                if cell.get("t") == "s":
                    cells[cell.get("r")] = strings[int(value.text)]
                elif cell.get("t") == "str":
                    cells[cell.get("r")] = value.text
                else:
                    cells[cell.get("r")] = float(value.text)
                if cell.find("m:f", NS) is not None:
                    cells[cell.get("r") + ":formula"] = cell.find("m:f", NS).text
            sheets[name] = cells
    return sheets


def excel_date(serial):
    return EXCEL_EPOCH + datetime.timedelta(days=int(serial))


class TestExport(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestExport, cls).setUpClass()
        marks = cls.amira_u  # inside the notices to improve' period
        cls.notices = cls.env["school.penalty.notice"]
        for partner in (cls.sara, cls.omar):
            notice = cls.env["school.penalty.notice"].create(
                {
                    "pupil_id": cls.amira.id,
                    "partner_id": partner.id,
                    "date_issued": "2025-03-03",
                    "mark_ids": [(6, 0, marks.ids)],
                    "notice_to_improve_id": cls._nti(cls.amira, partner).id,
                }
            )
            notice.sudo(cls.officer).action_issue()
            cls.notices |= notice
        # Sara pays 80 on day 8; Omar pays 160 on day 22 (seed 002 amounts).
        cls.notices[0].sudo(cls.finance).register_payment(80.0, "2025-03-10")
        cls.notices[1].sudo(cls.finance).register_payment(160.0, "2025-03-24")
        # A draft is never exported.
        cls.draft = cls.env["school.penalty.notice"].create(
            {"pupil_id": cls.amira.id, "partner_id": cls.sara.id, "date_issued": "2025-03-20"}
        )

    def _export(self, **vals):
        wizard = self.env["school.penalty.export.wizard"].sudo(self.finance).create(vals)
        action = wizard.action_export()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertTrue(wizard.file_name.endswith(".xlsx"))
        return read_xlsx(base64.b64decode(wizard.file_data))

    def test_finance_exports_notices_and_payments(self):
        book = self._export()
        self.assertEqual(set(book), {"Penalty notices", "Payments"})
        notices = book["Penalty notices"]
        self.assertEqual(notices["A1"], "Number")
        self.assertEqual(notices["L1"], "Amount Due")
        rows = {notices["D%d" % row]: row for row in (2, 3)}
        self.assertEqual(set(rows), {"Sara Khan", "Omar Khan"})
        self.assertEqual(notices["A4"], "Total")
        sara, omar = rows["Sara Khan"], rows["Omar Khan"]
        self.assertEqual(notices["A%d" % sara], self.notices[0].name)
        self.assertEqual(notices["C%d" % sara], "Amira Khan")
        self.assertEqual(notices["F%d" % sara], "First")
        self.assertEqual(excel_date(notices["G%d" % sara]), datetime.date(2025, 3, 3))
        self.assertEqual(excel_date(notices["J%d" % sara]), datetime.date(2025, 3, 30))
        self.assertEqual(notices["K%d" % sara], "Paid")
        self.assertEqual(notices["L%d" % sara], 80.0)
        self.assertEqual(notices["M%d" % sara], 80.0)
        self.assertEqual(notices["N%d" % sara], 0.0)
        # Omar paid after day 21: 160 due (invoice of 80 plus the supplement of 80).
        self.assertEqual(notices["L%d" % omar], 160.0)
        self.assertEqual(notices["M%d" % omar], 160.0)
        self.assertEqual(notices["L4"], 240.0)
        self.assertEqual(notices["L4:formula"], "SUM(L2:L3)")
        payments = book["Payments"]
        self.assertEqual(payments["A1"], "Date")
        paid = sorted(
            (excel_date(payments["A%d" % row]), payments["C%d" % row], payments["G%d" % row])
            for row in range(2, 10)
            if "A%d" % row in payments
        )
        self.assertEqual(
            paid,
            [
                (datetime.date(2025, 3, 10), self.notices[0].name, 80.0),
                (datetime.date(2025, 3, 24), self.notices[1].name, 80.0),
                (datetime.date(2025, 3, 24), self.notices[1].name, 80.0),
            ],
        )

    def test_dates_and_amounts_read_as_in_england(self):
        """Dates show as 03/03/2025 and amounts as £80.00; the cells stay dates and numbers."""
        wizard = self.env["school.penalty.export.wizard"].sudo(self.finance).create({})
        wizard.action_export()
        data = base64.b64decode(wizard.file_data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
        codes = {fmt.get("formatCode") for fmt in styles.iter("{%s}numFmt" % NS["m"])}
        self.assertIn("dd/mm/yyyy", codes)
        self.assertIn("£#,##0.00", codes)
        self.assertNotIn("yyyy-mm-dd", codes)
        notices = read_xlsx(data)["Penalty notices"]
        self.assertEqual(notices["I1"], "£80 Payable Until")

    def test_dates_filter_and_nothing_to_export(self):
        book = self._export(date_from="2025-03-01", date_to="2025-03-31")
        self.assertTrue(re.match(r"PN/", book["Penalty notices"]["A2"]))
        with self.assertRaises(UserError):
            self._export(date_from="2025-04-01")
