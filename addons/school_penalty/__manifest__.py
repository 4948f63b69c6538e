{
    "name": "School Penalty Notices",
    "summary": "Notices to improve and penalty notices by the national framework, "
    "with payments in Odoo accounting",
    "version": "11.0.1.0.0",
    "category": "Education",
    "author": "School Attendance Team",
    "website": "https://example.org/school-attendance",
    "license": "LGPL-3",
    "depends": ["school_attendance", "account"],
    "data": [
        "security/school_penalty_security.xml",
        "security/ir.model.access.csv",
        "views/school_penalty_menus.xml",
    ],
    "installable": True,
    "application": False,
}
