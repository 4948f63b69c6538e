{
    "name": "School Attendance Letters",
    "summary": "Letters and certificates for every attendance step, batch printing "
    "and a letter log on every case",
    "version": "11.0.1.0.0",
    "category": "Education",
    "author": "School Attendance Team",
    "website": "https://example.org/school-attendance",
    "license": "LGPL-3",
    "depends": ["school_attendance", "school_penalty"],
    "data": [
        "security/ir.model.access.csv",
        "views/school_letters_menus.xml",
    ],
    "installable": True,
    "application": False,
}
