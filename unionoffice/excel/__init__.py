"""Excel import and export, taking and giving plain data. No Qt here."""

import defusedxml

defusedxml.defuse_stdlib()  # openpyxl parses XML from files the user was sent: no entity tricks
